package org.regiokg.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assumptions.assumeThat;

import java.io.OutputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.ingest.CsvImporter;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.ingest.ShapesGate;
import org.regiokg.server.RegioServer;
import org.regiokg.storage.Store;

/**
 * Imports and loads through RegioKG's API in remote mode, against standalone Fuseki 5.6.0: a good one
 * lands in the remote store and is asked of it through RegioKG, a bad one is a 4xx problem naming the
 * place and leaves the remote store as it was (its own count, asked of Fuseki directly); the same
 * against Virtuoso 7.2. And two
 * front-ends over the one store: what one writes, the other answers within its cache's lifetime.
 */
@Tag("integration")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RemoteWritesTest {
    private static final String ADMIN = "remote-writes-password";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String GONICUS = "https://w3id.org/regiokg/id/organisation/gonicus";
    @TempDir
    static Path tmp;
    private final HttpClient http = HttpClient.newHttpClient();
    private PeerStores.Peer fuseki;
    private Path nquads;
    private Store remoteA, remoteB;
    private RegioServer serverA, serverB;

    @BeforeAll
    void start() throws Exception {
        assumeThat(PeerStores.fusekiJar()).as("the Fuseki server jar; fetch it with: mvn -q dependency:get "
                + "-Dartifact=org.apache.jena:jena-fuseki-server:5.6.0 -Dtransitive=false").isNotNull();
        nquads = tmp.resolve("curated.nq");
        try (Store embedded = Store.inMemory()) {
            new CuratedContent(Path.of(".")).loadInto(embedded);
            try (OutputStream out = Files.newOutputStream(nquads)) {
                Txn.executeRead(embedded.dataset(), () -> RDFDataMgr.write(out, embedded.dataset(), Lang.NQUADS));
            }
        }
        fuseki = PeerStores.fuseki(tmp.resolve("fuseki"), nquads);
        remoteA = Store.remote(RemoteEndpoint.query(fuseki.queryUrl()).update(fuseki.updateUrl()).build());
        remoteB = Store.remote(RemoteEndpoint.query(fuseki.queryUrl()).update(fuseki.updateUrl()).build());
        serverA = server(remoteA);
        serverB = server(remoteB);
    }

    private static RegioServer server(Store store) {
        CuratedContent content = new CuratedContent(Path.of("."));
        return RegioServer.builder(store).port(0).loopbackOnly(true).adminPassword(ADMIN).queries(Path.of("queries"))
                .importer(new CsvImporter(store, content.mappingsDir(), new ShapesGate(content.shapesFile()))).build().start();
    }

    @AfterAll
    void stop() throws Exception {
        for (AutoCloseable c : new AutoCloseable[] {serverA, serverB, remoteA, remoteB, fuseki})
            if (c != null) c.close();
    }

    @Test
    void aGoodImportLandsInTheRemoteStoreAndABadOneLeavesItAsItWas() throws Exception {
        long before = remoteQuads();
        byte[] bad = ("name,town,district,niche,source_url,confidence\n"
                + "A,Olpe,Kreis Olpe,W,not-a-url,high\n"
                + "B,Olpe,Kreis Atlantis,W,https://example.org/s,high\n").getBytes(StandardCharsets.UTF_8);
        HttpResponse<String> refused = post(serverA, "/api/imports?mapping=world-market-leaders&file=bad.csv", bad, "text/csv");
        assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
        assertThat(refused.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        JsonNode problems = JSON.readTree(refused.body()).path("problems");
        assertThat(problems.get(0).path("row").asInt()).isEqualTo(1);
        assertThat(problems.get(0).path("column").asText()).isEqualTo("source_url");
        assertThat(remoteQuads()).isEqualTo(before);

        byte[] csv = Files.readAllBytes(Path.of("data/examples/partnerships-example.csv"));
        HttpResponse<String> imported = post(serverA, "/api/imports?mapping=partnerships&file=remote-partnerships.csv", csv, "text/csv");
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        assertThat(JSON.readTree(imported.body()).path("rows").asInt()).isEqualTo(2);
        assertThat(remoteQuads()).isGreaterThan(before);
        String partner = "ASK { GRAPH <https://w3id.org/regiokg/graph/import/remote-partnerships> { ?a <https://w3id.org/regiokg/def#partnerOf> <" + GONICUS + "> } }";
        assertThat(askFuseki(partner)).isTrue();
        assertThat(get(serverA, "/kg/sparql?query=" + URLEncoder.encode(partner, StandardCharsets.UTF_8), "application/sparql-results+json").body())
                .contains("true");
        // The rules ran in the store in the same request: the import's new organisations are typed there.
        assertThat(askFuseki("ASK { GRAPH ?d { ?a a <http://www.w3.org/ns/org#Organization> } GRAPH <https://w3id.org/regiokg/graph/import/remote-partnerships> "
                + "{ ?a <https://w3id.org/regiokg/def#partnerOf> <" + GONICUS + "> } FILTER(STRSTARTS(STR(?d), 'https://w3id.org/regiokg/graph/derived/')) }")).isTrue();
    }

    @Test
    void aGoodLoadLandsInTheRemoteStoreAndOneWithASyntaxErrorNamesItsLine() throws Exception {
        String turtle = "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
                + "<https://example.org/remote/a> rdfs:label \"A\" .\n";
        long before = remoteQuads();
        HttpResponse<String> bad = post(serverA, "/api/loads?graph=https://example.org/remote-load",
                (turtle + "<https://example.org/remote/b> rdfs:label \"B\" .\n<urn:a> <urn:b> .\n").getBytes(StandardCharsets.UTF_8), "text/turtle");
        assertThat(bad.statusCode()).as(bad.body()).isEqualTo(400);
        assertThat(bad.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(JSON.readTree(bad.body()).path("detail").asText()).startsWith("request body:4");
        assertThat(remoteQuads()).isEqualTo(before);

        HttpResponse<String> loaded = post(serverA, "/api/loads?graph=https://example.org/remote-load", turtle.getBytes(StandardCharsets.UTF_8), "text/turtle");
        assertThat(loaded.statusCode()).as(loaded.body()).isEqualTo(201);
        assertThat(JSON.readTree(loaded.body()).path("statements").asLong()).isEqualTo(1);
        assertThat(askFuseki("ASK { GRAPH <https://example.org/remote-load> { <https://example.org/remote/a> ?p \"A\" } }")).isTrue();
        assertThat(get(serverA, "/kg/sparql?query=" + URLEncoder.encode("ASK { <https://example.org/remote/a> ?p \"A\" }", StandardCharsets.UTF_8),
                "application/sparql-results+json").body()).contains("true");
    }

    @Test
    void aLoadIsCheckedAgainstTheShapesWithTheRemoteStoreAroundIt() throws Exception {
        String prefixes = "@prefix org: <http://www.w3.org/ns/org#> . @prefix geo: <http://www.opengis.net/ont/geosparql#> .\n"
                + "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . @prefix rkg: <https://w3id.org/regiokg/def#> .\n";
        long before = remoteQuads();
        // A company without a name: refused, nothing written.
        HttpResponse<String> nameless = post(serverA, "/api/loads?graph=https://example.org/remote-shapes",
                (prefixes + "<https://example.org/remote/nameless> a rkg:Company .\n").getBytes(StandardCharsets.UTF_8), "text/turtle");
        assertThat(nameless.statusCode()).as(nameless.body()).isEqualTo(422);
        assertThat(nameless.body()).contains("https://example.org/remote/nameless").contains("rdfs:label");
        assertThat(remoteQuads()).isEqualTo(before);
        // A site of an organisation the remote store holds, within a place it holds (whose type and name are only there): accepted.
        HttpResponse<String> site = post(serverA, "/api/loads?graph=https://example.org/remote-shapes", (prefixes
                + "<" + GONICUS + "> org:hasSite <https://example.org/remote/site> .\n"
                + "<https://example.org/remote/site> a org:Site ; geo:sfWithin <https://w3id.org/regiokg/id/place/arnsberg> .\n")
                .getBytes(StandardCharsets.UTF_8), "text/turtle");
        assertThat(site.statusCode()).as(site.body()).isEqualTo(201);
        assertThat(askFuseki("ASK { GRAPH <https://example.org/remote-shapes> { <" + GONICUS + "> ?p <https://example.org/remote/site> } }")).isTrue();
    }

    @Test
    void whatOneFrontEndWritesTheOtherAnswersWithinTheCachesLifetime() throws Exception {
        String question = "/api/questions/provenance?thing=" + URLEncoder.encode(GONICUS, StandardCharsets.UTF_8) + "&format=csv";
        String graph = "https://w3id.org/regiokg/graph/import/two-front-ends";
        assertThat(get(serverB, question, "text/csv").body()).doesNotContain(graph);
        assertThat(get(serverA, question, "text/csv").body()).doesNotContain(graph);
        byte[] csv = Files.readAllBytes(Path.of("data/examples/partnerships-example.csv"));
        HttpResponse<String> imported = post(serverA, "/api/imports?mapping=partnerships&file=two-front-ends.csv", csv, "text/csv");
        assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
        long written = System.nanoTime();
        // The writer answers from the store at once: its own write changes its data version.
        assertThat(get(serverA, question, "text/csv").body()).contains(graph);
        // The other front-end's cached answer lives until its version turns over (RemoteStores.VERSION_SECONDS).
        long seenAfter;
        while (true) {
            if (get(serverB, question, "text/csv").body().contains(graph)) {
                seenAfter = (System.nanoTime() - written) / 1_000_000;
                break;
            }
            assertThat((System.nanoTime() - written) / 1_000_000).as("not seen by the other front-end").isLessThan(12_000);
            Thread.sleep(100);
        }
        System.err.println("RemoteWritesTest: the other front-end answered with the write after " + seenAfter + " ms");
        assertThat(seenAfter).isLessThanOrEqualTo(10_500);
        HttpResponse<String> drop = update(serverA, "DROP GRAPH <" + graph + ">");
        assertThat(drop.statusCode()).isBetween(200, 204);
    }

    @Test
    void importsAndLoadsReachVirtuosoAllOrNothingToo() throws Exception {
        assertThat(PeerStores.virtuosoInstalled()).as("Virtuoso is not installed; run scripts/install-virtuoso.sh (needs root)").isTrue();
        try (PeerStores.Peer virtuoso = PeerStores.virtuoso(tmp.resolve("virtuoso"), nquads);
             Store remote = Store.remote(RemoteEndpoint.query(virtuoso.queryUrl()).update(virtuoso.updateUrl()).build());
             RegioServer server = server(remote)) {
            long before = quads(virtuoso.queryUrl());
            byte[] bad = ("name,town,district,niche,source_url,confidence\nA,Olpe,Kreis Olpe,W,not-a-url,high\n").getBytes(StandardCharsets.UTF_8);
            HttpResponse<String> refused = post(server, "/api/imports?mapping=world-market-leaders&file=bad.csv", bad, "text/csv");
            assertThat(refused.statusCode()).as(refused.body()).isEqualTo(422);
            HttpResponse<String> badLoad = post(server, "/api/loads?graph=https://example.org/virtuoso-load",
                    "<https://example.org/v/a> <http://www.w3.org/2000/01/rdf-schema#label> \"A\" .\n<urn:a> <urn:b> .\n".getBytes(StandardCharsets.UTF_8), "text/turtle");
            assertThat(badLoad.statusCode()).as(badLoad.body()).isEqualTo(400);
            assertThat(JSON.readTree(badLoad.body()).path("detail").asText()).startsWith("request body:2");
            assertThat(quads(virtuoso.queryUrl())).isEqualTo(before);
            byte[] csv = Files.readAllBytes(Path.of("data/examples/partnerships-example.csv"));
            HttpResponse<String> imported = post(server, "/api/imports?mapping=partnerships&file=virtuoso-partnerships.csv", csv, "text/csv");
            assertThat(imported.statusCode()).as(imported.body()).isEqualTo(201);
            assertThat(ask(virtuoso.queryUrl(), "ASK { GRAPH <https://w3id.org/regiokg/graph/import/virtuoso-partnerships> { ?a <https://w3id.org/regiokg/def#partnerOf> <"
                    + GONICUS + "> } }")).isTrue();
            assertThat(quads(virtuoso.queryUrl())).isGreaterThan(before);
        }
    }

    /** Every quad of the remote store, counted by Fuseki itself. */
    private long remoteQuads() throws Exception {
        return quads(fuseki.queryUrl());
    }

    /** The quads of the store's own graphs (not Virtuoso's system graphs), counted by the store. */
    private long quads(String queryUrl) throws Exception {
        String q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), 'https://')) }";
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(queryUrl + "?query=" + URLEncoder.encode(q, StandardCharsets.UTF_8)))
                .header("Accept", "application/sparql-results+json").build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("results").path("bindings").get(0).path("n").path("value").asLong();
    }

    private boolean askFuseki(String ask) throws Exception {
        return ask(fuseki.queryUrl(), ask);
    }

    private boolean ask(String queryUrl, String ask) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(queryUrl + "?query=" + URLEncoder.encode(ask, StandardCharsets.UTF_8)))
                .header("Accept", "application/sparql-results+json").build(), HttpResponse.BodyHandlers.ofString());
        return JSON.readTree(r.body()).path("boolean").asBoolean();
    }

    private HttpResponse<String> get(RegioServer server, String path, String accept) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).header("Accept", accept).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> post(RegioServer server, String path, byte[] body, String contentType) throws Exception {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + server.port() + path)).header("Content-Type", contentType)
                .header("Authorization", basic()).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> update(RegioServer server, String update) throws Exception {
        return post(server, "/kg/update", update.getBytes(StandardCharsets.UTF_8), "application/sparql-update");
    }

    private static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString(("admin:" + ADMIN).getBytes(StandardCharsets.UTF_8));
    }
}
