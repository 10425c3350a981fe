package org.regiokg.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.jena.rdfpatch.RDFPatchOps;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.server.RegioServer;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * The change log end to end, on a TDB2 store on disk behind a real server: an import is recorded with
 * what the rules derived from it, listed in the feed, downloadable as an RDF Patch; a question answers
 * as of the version before it; the admin reverts it; a revert that later writes depend on is refused;
 * the log survives a restart, and a patch whose write never committed is dropped.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HistoryApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PW = TestServer.ADMIN_PASSWORD;
    static final String IMPORT_GRAPH = "https://w3id.org/regiokg/graph/import/partnerships-example";
    static final String QUESTION = "/api/questions/organisations-in-region?format=csv";
    @TempDir
    static Path dir;
    static Path storeDir;
    static Store store;
    static TestServer server;
    static byte[] csv;
    static long beforeImport;
    static long importSet;

    @BeforeAll
    static void start() throws Exception {
        storeDir = dir.resolve("store");
        store = Store.tdb2(storeDir);
        try (var by = Attribution.of(Attribution.COMMAND_LINE, "test", "").open()) {
            new CuratedContent(TestServer.PROJECT).loadInto(store);
        }
        server = TestServer.over(store, RegioServer.builder(store).adminPassword(PW).importer(TestServer.importer(store)));
        csv = Files.readAllBytes(Path.of("data/examples/partnerships-example.csv"));
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (store != null) store.close();
    }

    static HttpResponse<String> post(String path, byte[] body, String password) {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(server.url(path)))
                .header("Content-Type", "text/csv").POST(HttpRequest.BodyPublishers.ofByteArray(body));
        if (password != null)
            r.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + password).getBytes(StandardCharsets.UTF_8)));
        return server.send(r.build());
    }

    static JsonNode json(HttpResponse<String> r) throws Exception {
        return JSON.readTree(r.body());
    }

    @Test
    @Order(1)
    void theCuratedLoadIsInTheLogAndAnswersNameTheirVersion() throws Exception {
        HttpResponse<String> feed = server.get("/api/changes", "application/json");
        assertThat(feed.statusCode()).isEqualTo(200);
        JsonNode body = json(feed);
        long version = body.path("version").asLong();
        assertThat(version).isPositive();
        assertThat(feed.headers().firstValue("RegioKG-Version")).hasValue(Long.toString(version));
        JsonNode curated = null;
        for (JsonNode c : body.path("changes")) if (c.path("why").asText().equals("curated load")) curated = c;
        assertThat(curated).as(body.toString()).isNotNull();
        assertThat(curated.path("who").asText()).isEqualTo("command line");
        assertThat(curated.path("added").asLong()).isGreaterThan(3000);
        assertThat(curated.path("derivedAdded").asLong()).as("the rules' facts from the curated graph are in its change set").isPositive();
        HttpResponse<String> answer = server.get(QUESTION, "text/csv");
        assertThat(answer.headers().firstValue("RegioKG-Version")).hasValue(Long.toString(version));
        assertThat(answer.headers().firstValue("Content-Location").orElse("")).endsWith("version=" + version);
        beforeImport = version;
    }

    @Test
    @Order(2)
    void anImportIsOneChangeSetWithWhatItCausedAndAReimportRecordsNothing() throws Exception {
        HttpResponse<String> r = post("/api/imports?mapping=partnerships&file=partnerships-example.csv", csv, PW);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        JsonNode feed = json(server.get("/api/changes?since=" + beforeImport, "application/json"));
        assertThat(feed.path("changes")).hasSize(1);
        JsonNode set = feed.path("changes").get(0);
        importSet = set.path("sequence").asLong();
        assertThat(importSet).isEqualTo(beforeImport + 1);
        assertThat(set.path("who").asText()).isEqualTo("admin");
        assertThat(set.path("why").asText()).isEqualTo("CSV import");
        assertThat(set.path("via").asText()).contains("partnerships-example.csv").contains("partnerships");
        assertThat(set.path("graphs").has(IMPORT_GRAPH)).isTrue();
        assertThat(set.path("derivedAdded").asLong()).as("the ties the rules derive from the partnerships").isPositive();
        // Again: the importer sees the same content, the store does not change, nothing is recorded.
        assertThat(post("/api/imports?mapping=partnerships&file=partnerships-example.csv", csv, PW).statusCode()).isEqualTo(200);
        assertThat(json(server.get("/api/changes", "application/json")).path("version").asLong()).isEqualTo(importSet);
    }

    @Test
    @Order(3)
    void eachChangeSetIsAnRdfPatch() throws Exception {
        HttpResponse<String> patch = server.get("/api/changes/" + importSet, "application/rdf-patch");
        assertThat(patch.statusCode()).isEqualTo(200);
        assertThat(patch.headers().firstValue("Content-Type").orElse("")).startsWith("application/rdf-patch");
        var parsed = RDFPatchOps.read(new java.io.ByteArrayInputStream(patch.body().getBytes(StandardCharsets.UTF_8)));
        assertThat(parsed.getHeader("creator").getLiteralLexicalForm()).isEqualTo("admin");
        assertThat(patch.body()).contains("A <https://w3id.org/regiokg/id/organisation/beispiel-maschinenbau>")
                .contains("<https://w3id.org/regiokg/graph/derived/");
        assertThat(server.get("/api/changes/999999", "application/rdf-patch").statusCode()).isEqualTo(404);
        assertThat(server.get("/api/changes/abc", "application/json").statusCode()).isEqualTo(400);
        HttpResponse<String> atom = server.get("/api/changes.atom", "application/atom+xml");
        assertThat(atom.statusCode()).isEqualTo(200);
        assertThat(atom.body()).contains("<feed xmlns=\"http://www.w3.org/2005/Atom\">").contains("urn:x-regiokg:change:" + importSet);
    }

    @Test
    @Order(4)
    void aQuestionAnswersAsOfAnEarlierVersion() {
        String now = server.get(QUESTION, "text/csv").body();
        assertThat(now).contains("Beispiel Maschinenbau GmbH");
        HttpResponse<String> then = server.get(QUESTION + "&version=" + beforeImport, "text/csv");
        assertThat(then.statusCode()).as(then.body()).isEqualTo(200);
        assertThat(then.headers().firstValue("RegioKG-Version")).hasValue(Long.toString(beforeImport));
        assertThat(then.body()).doesNotContain("Beispiel Maschinenbau GmbH").contains("GONICUS");
        // The same rows as the current answer, less the import's.
        assertThat(then.body().lines().count()).isLessThan(now.lines().count());
        assertThat(server.get(QUESTION + "&version=99999", "text/csv").statusCode()).isEqualTo(400);
    }

    @Test
    @Order(5)
    void onlyTheAdminRevertsAndARevertIsAChangeSetOfItsOwn() throws Exception {
        assertThat(post("/api/changes/" + importSet + "/revert", new byte[0], null).statusCode()).isEqualTo(401);
        assertThat(post("/api/changes/" + importSet + "/revert", new byte[0], "wrong").statusCode()).isEqualTo(401);
        HttpResponse<String> r = post("/api/changes/" + importSet + "/revert", new byte[0], PW);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
        long revert = json(r).path("sequence").asLong();
        assertThat(revert).isEqualTo(importSet + 1);
        JsonNode set = json(server.get("/api/changes/" + revert, "application/json"));
        assertThat(set.path("reverts").asLong()).isEqualTo(importSet);
        assertThat(set.path("derivedRemoved").asLong()).as("the ties the import caused go with it").isPositive();
        assertThat(server.get(QUESTION, "text/csv").body()).doesNotContain("Beispiel Maschinenbau GmbH");
        HttpResponse<String> ask = server.sparqlGet("ASK { GRAPH <" + IMPORT_GRAPH + "> { ?s ?p ?o } }", "application/sparql-results+json");
        assertThat(ask.body()).contains("false");
        // And the store is as it was before the import: every version's answer is the same.
        assertThat(server.get(QUESTION, "text/csv").body()).isEqualTo(server.get(QUESTION + "&version=" + beforeImport, "text/csv").body());
    }

    @Test
    @Order(6)
    void aRevertThatLaterWritesDependOnIsRefusedAndChangesNothing() throws Exception {
        assertThat(post("/api/imports?mapping=partnerships&file=partnerships-example.csv", csv, PW).statusCode()).isEqualTo(201);
        long imported = store.changes().version();
        HttpResponse<String> u = server.update("INSERT DATA { GRAPH <https://example.org/graph/notes> { "
                + "<https://w3id.org/regiokg/id/organisation/beispiel-maschinenbau> <http://www.w3.org/2000/01/rdf-schema#comment> \"met them\" } }", PW);
        assertThat(u.statusCode()).isBetween(200, 204);
        long updated = store.changes().version();
        ChangeSet update = store.changes().get(updated).orElseThrow();
        assertThat(update.by().who()).isEqualTo("admin");
        assertThat(update.by().via()).contains("INSERT DATA").contains("met them");
        HttpResponse<String> r = post("/api/changes/" + imported + "/revert", new byte[0], PW);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(409);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains("beispiel-maschinenbau").contains("met them");
        assertThat(store.changes().version()).isEqualTo(updated);
        // Reverting the note first makes the import revertible.
        assertThat(post("/api/changes/" + updated + "/revert", new byte[0], PW).statusCode()).isEqualTo(201);
        assertThat(post("/api/changes/" + imported + "/revert", new byte[0], PW).statusCode()).isEqualTo(201);
    }

    @Test
    @Order(7)
    void theLogSurvivesARestartAndAPatchThatNeverCommittedIsDropped() throws Exception {
        long version = store.changes().version();
        server.close();
        store.close();
        server = null;
        // A crash after the patch was forced to disk but before TDB2 committed leaves a pending file.
        Path pending = storeDir.resolve("history").resolve(String.format("%010d.rdfp.pending", version + 1));
        Files.writeString(pending, "TX .\nA <urn:a> <urn:b> <urn:c> <urn:g> .\nTC .\n");
        store = Store.tdb2(storeDir);
        assertThat(store.changes().version()).isEqualTo(version);
        assertThat(Files.exists(pending)).isFalse();
        assertThat(store.changes().get(importSet)).isPresent();
        assertThat(store.changes().since(0, 10_000)).hasSize((int) version);
    }
}
