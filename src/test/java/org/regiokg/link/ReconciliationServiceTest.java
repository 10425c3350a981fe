package org.regiokg.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.ingest.CsvImporter;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.ingest.ShapesGate;
import org.regiokg.link.reconcile.ReconciliationCandidate;
import org.regiokg.link.reconcile.Names;
import org.regiokg.link.reconcile.ReconciliationQuery;
import org.regiokg.link.reconcile.ReconciliationService;
import org.regiokg.server.RegioServer;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * The reconciliation service as OpenRefine 3.x uses it: the manifest it reads, batches by POST (form)
 * and GET (with JSONP), type restriction, property conditions, scores and match, suggest, CORS.
 * Over the curated graph plus the default import (world market leaders).
 */
@Tag("integration")
class ReconciliationServiceTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DEF = "https://w3id.org/regiokg/def#";
    static Store store;
    static TestServer server;

    @BeforeAll
    static void start() {
        store = TestServer.curatedStore(true);
        server = TestServer.over(store, RegioServer.builder(store));
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    /** POST queries=… form-encoded, as OpenRefine sends a batch. */
    static JsonNode post(String queries) throws Exception {
        HttpResponse<String> r = server.postForm("/api/reconcile", "queries=" + TestServer.encode(queries), "*/*", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        return JSON.readTree(r.body());
    }

    static JsonNode one(String query) throws Exception {
        return post("{\"q0\":" + query + "}").path("q0").path("result");
    }

    static List<String> ids(JsonNode result) {
        List<String> ids = new ArrayList<>();
        result.forEach(c -> ids.add(c.path("id").asText()));
        return ids;
    }

    @Test
    void manifestHasWhatOpenRefineReads() throws Exception {
        HttpResponse<String> r = server.get("/api/reconcile");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        JsonNode m = JSON.readTree(r.body());
        assertThat(m.path("name").asText()).isEqualTo("RegioKG reconciliation service");
        assertThat(m.path("identifierSpace").asText()).isEqualTo("https://w3id.org/regiokg/id/");
        assertThat(m.path("schemaSpace").asText()).isEqualTo(DEF);
        assertThat(m.path("versions").toString()).contains("0.2");
        List<String> types = new ArrayList<>();
        m.path("defaultTypes").forEach(t -> {
            types.add(t.path("id").asText());
            assertThat(t.path("name").asText()).isNotBlank();
        });
        assertThat(types).containsExactly("http://www.w3.org/ns/org#Organization", DEF + "Place", "http://xmlns.com/foaf/0.1/Person");
        // Candidates open on this server (issue 16), not on w3id.org, which may not lead here.
        assertThat(m.path("view").path("url").asText()).isEqualTo(server.url("/id/{{id}}"));
        JsonNode suggest = m.path("suggest").path("entity");
        assertThat(suggest.path("service_url").asText()).isEqualTo(server.url(""));
        assertThat(suggest.path("service_path").asText()).isEqualTo("/api/reconcile/suggest/entity");
    }

    @Test
    void manifestAsJsonp() throws Exception {
        HttpResponse<String> r = server.get("/api/reconcile?callback=jQuery3410_17");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/javascript");
        String body = r.body();
        assertThat(body).startsWith("/**/jQuery3410_17(").endsWith(");");
        JsonNode m = JSON.readTree(body.substring(body.indexOf('(') + 1, body.lastIndexOf(')')));
        assertThat(m.path("identifierSpace").asText()).isEqualTo("https://w3id.org/regiokg/id/");
    }

    @Test
    void badCallbackIsRefused() {
        assertThat(server.get("/api/reconcile?callback=" + TestServer.encode("alert(1)//")).statusCode()).isEqualTo(400);
    }

    @Test
    void companyWithTownAsOpenRefineSendsIt() throws Exception {
        JsonNode result = one("{\"query\":\"Trilux\",\"type\":\"" + DEF + "Company\",\"limit\":3,"
                + "\"properties\":[{\"pid\":\"town\",\"v\":\"Arnsberg\"}]}");
        assertThat(result.size()).isBetween(1, 3);
        JsonNode top = result.get(0);
        assertThat(top.path("id").asText()).isEqualTo("organisation/trilux");
        assertThat(top.path("name").asText()).isEqualTo("Trilux");
        assertThat(top.path("score").asDouble()).isEqualTo(100.0);
        assertThat(top.path("match").asBoolean()).isTrue();
        List<String> typeIds = new ArrayList<>();
        top.path("type").forEach(t -> typeIds.add(t.path("id").asText()));
        assertThat(typeIds).contains(DEF + "Company");
        assertThat(top.path("type").get(0).path("name").asText()).isNotBlank();
    }

    @Test
    void legalFormIsIgnored() throws Exception {
        JsonNode result = one("{\"query\":\"TRILUX GmbH & Co. KG\"}");
        assertThat(result.get(0).path("id").asText()).isEqualTo("organisation/trilux");
        assertThat(result.get(0).path("match").asBoolean()).isTrue();
    }

    @Test
    void townThatDoesNotFitLowersTheScoreAndIsNoMatch() throws Exception {
        JsonNode result = one("{\"query\":\"Trilux\",\"type\":\"" + DEF + "Company\",\"properties\":[{\"pid\":\"town\",\"v\":\"Dortmund\"}]}");
        assertThat(result.get(0).path("id").asText()).isEqualTo("organisation/trilux");
        assertThat(result.get(0).path("score").asDouble()).isLessThan(100.0);
        assertThat(result.get(0).path("match").asBoolean()).isFalse();
    }

    @Test
    void typeRestrictionKeepsTheMunicipalityNotTheDistrict() throws Exception {
        JsonNode result = one("{\"query\":\"Olpe\",\"type\":\"" + DEF + "Municipality\",\"limit\":5}");
        assertThat(ids(result)).containsExactly("place/olpe");
        assertThat(result.get(0).path("match").asBoolean()).isTrue();
        // Without a type the district and the district's body are candidates too, but lower.
        JsonNode any = one("{\"query\":\"Olpe\"}");
        assertThat(any.get(0).path("id").asText()).isEqualTo("place/olpe");
        assertThat(any.get(0).path("match").asBoolean()).isTrue();
        assertThat(ids(any)).contains("place/kreis-olpe", "organisation/kreis-olpe");
        assertThat(any.get(1).path("score").asDouble()).isLessThan(100.0);
    }

    @Test
    void typeIncludesSubclassesAndShortIds() throws Exception {
        // rkg:Company is a subclass of org:Organization; "organisation" is the short id of the kind.
        JsonNode result = one("{\"query\":\"Trilux\",\"type\":\"organisation\"}");
        assertThat(result.get(0).path("id").asText()).isEqualTo("organisation/trilux");
        assertThat(ids(one("{\"query\":\"Trilux\",\"type\":\"place\"}"))).doesNotContain("organisation/trilux");
        assertThat(ids(one("{\"query\":\"Trilux\",\"type\":\"http://xmlns.com/foaf/0.1/Person\"}"))).isEmpty();
    }

    @Test
    void umlautsAndCaseAreNormalised() throws Exception {
        JsonNode result = one("{\"query\":\"MAERKISCHER KREIS\",\"type\":\"" + DEF + "Place\"}");
        assertThat(result.get(0).path("id").asText()).isEqualTo("place/maerkischer-kreis");
        assertThat(result.get(0).path("match").asBoolean()).isTrue();
        JsonNode agency = one("{\"query\":\"Suedwestfalen Agentur GmbH\"}");
        assertThat(agency.get(0).path("id").asText()).isEqualTo("organisation/suedwestfalen-agentur");
        assertThat(agency.get(0).path("match").asBoolean()).isTrue();
    }

    @Test
    void importedWorldMarketLeaderIsFound() throws Exception {
        JsonNode result = one("{\"query\":\"Achenbach Buschhuetten GmbH & Co. KG\",\"type\":\"" + DEF + "Company\","
                + "\"properties\":[{\"pid\":\"town\",\"v\":\"Kreuztal\"}]}");
        assertThat(result.get(0).path("name").asText()).isEqualTo("Achenbach Buschhütten");
        assertThat(result.get(0).path("match").asBoolean()).isTrue();
    }

    @Test
    void propertyByIriWithReconciledValue() throws Exception {
        // The property as an IRI (geo:sfWithin) and the value as a cell reconciled before ({"id": …}).
        JsonNode result = one("{\"query\":\"Trilux\",\"properties\":[{\"pid\":\"http://www.opengis.net/ont/geosparql#sfWithin\","
                + "\"v\":{\"id\":\"place/hochsauerlandkreis\",\"name\":\"Hochsauerlandkreis\"}}]}");
        assertThat(result.get(0).path("id").asText()).isEqualTo("organisation/trilux");
        assertThat(result.get(0).path("match").asBoolean()).isTrue();
        boolean featureMet = false;
        for (JsonNode f : result.get(0).path("features"))
            if (f.path("id").asText().endsWith("sfWithin")) featureMet = f.path("value").asBoolean();
        assertThat(featureMet).isTrue();
    }

    @Test
    void typoAndUnknownNameAreNoMatch() throws Exception {
        JsonNode typo = one("{\"query\":\"Trilix\"}");
        assertThat(typo.get(0).path("id").asText()).isEqualTo("organisation/trilux");
        assertThat(typo.get(0).path("score").asDouble()).isBetween(50.0, 99.9);
        assertThat(typo.get(0).path("match").asBoolean()).isFalse();
        JsonNode unknown = one("{\"query\":\"Quantenflux Systemhaus\"}");
        unknown.forEach(c -> assertThat(c.path("match").asBoolean()).isFalse());
    }

    @Test
    void batchByGetWithJsonpAndSeveralQueries() throws Exception {
        String queries = "{\"q0\":{\"query\":\"Olpe\",\"type\":\"" + DEF + "Municipality\"},"
                + "\"q1\":{\"query\":\"Thomas Westphal\",\"type\":\"http://xmlns.com/foaf/0.1/Person\"},"
                + "\"q2\":{\"query\":\"Dortmund\",\"type\":\"place\",\"limit\":1}}";
        HttpResponse<String> r = server.get("/api/reconcile?queries=" + TestServer.encode(queries) + "&callback=cb");
        assertThat(r.statusCode()).isEqualTo(200);
        String body = r.body();
        assertThat(body).startsWith("/**/cb(");
        JsonNode answer = JSON.readTree(body.substring(body.indexOf('(') + 1, body.lastIndexOf(')')));
        assertThat(answer.path("q0").path("result").get(0).path("id").asText()).isEqualTo("place/olpe");
        assertThat(answer.path("q1").path("result").get(0).path("id").asText()).isEqualTo("person/thomas-westphal");
        assertThat(answer.path("q1").path("result").get(0).path("match").asBoolean()).isTrue();
        assertThat(answer.path("q2").path("result").size()).isEqualTo(1);
        assertThat(answer.path("q2").path("result").get(0).path("id").asText()).isEqualTo("place/dortmund");
    }

    @Test
    void malformedBatchIsAProblem() throws Exception {
        HttpResponse<String> r = server.postForm("/api/reconcile", "queries=" + TestServer.encode("{\"q0\": {\"type\": 1}"), "*/*", null);
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        HttpResponse<String> noQuery = server.postForm("/api/reconcile", "queries=" + TestServer.encode("{\"q0\": {\"limit\": 3}}"), "*/*", null);
        assertThat(noQuery.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(noQuery.body()).path("detail").asText()).contains("q0");
    }

    @Test
    void corsPreflight() {
        HttpResponse<String> r = server.send(HttpRequest.newBuilder(URI.create(server.url("/api/reconcile")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody())
                .header("Origin", "http://localhost:3333")
                .header("Access-Control-Request-Method", "POST")
                .header("Access-Control-Request-Headers", "content-type")
                .build());
        assertThat(r.statusCode()).isEqualTo(204);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        assertThat(r.headers().firstValue("Access-Control-Allow-Methods").orElse("")).contains("POST");
        assertThat(r.headers().firstValue("Access-Control-Allow-Headers").orElse("")).containsIgnoringCase("content-type");
        HttpResponse<String> suggest = server.send(HttpRequest.newBuilder(URI.create(server.url("/api/reconcile/suggest/entity?prefix=x")))
                .method("OPTIONS", HttpRequest.BodyPublishers.noBody()).build());
        assertThat(suggest.statusCode()).isEqualTo(204);
        assertThat(suggest.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
    }

    @Test
    void suggestEntity() throws Exception {
        HttpResponse<String> r = server.get("/api/reconcile/suggest/entity?prefix=Tril");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
        JsonNode result = JSON.readTree(r.body()).path("result");
        assertThat(result.get(0).path("id").asText()).isEqualTo("organisation/trilux");
        assertThat(result.get(0).path("name").asText()).isEqualTo("Trilux");
        assertThat(result.get(0).path("notable").get(0).path("id").asText()).isEqualTo(DEF + "Company");
        // Several words, umlaut spelt out, restricted by type, as JSONP.
        HttpResponse<String> p = server.get("/api/reconcile/suggest/entity?prefix=" + TestServer.encode("maerk kr")
                + "&type=" + TestServer.encode(DEF + "District") + "&callback=s");
        String body = p.body();
        JsonNode places = JSON.readTree(body.substring(body.indexOf('(') + 1, body.lastIndexOf(')'))).path("result");
        assertThat(ids(places)).containsExactly("place/maerkischer-kreis");
        assertThat(server.get("/api/reconcile/suggest/entity").statusCode()).isEqualTo(400);
    }

    // ---- the service on its own: ambiguity ----

    @Test
    void sameNameTwiceIsAmbiguousUntilTheTownDecides() {
        String trig = """
                PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                PREFIX org: <http://www.w3.org/ns/org#>
                PREFIX geo: <http://www.opengis.net/ont/geosparql#>
                PREFIX rkg: <https://w3id.org/regiokg/def#>
                PREFIX place: <https://w3id.org/regiokg/id/place/>
                PREFIX organisation: <https://w3id.org/regiokg/id/organisation/>
                GRAPH <https://w3id.org/regiokg/graph/test> {
                  rkg:Company rdfs:subClassOf org:FormalOrganization . org:FormalOrganization rdfs:subClassOf org:Organization .
                  place:a a rkg:Place ; rdfs:label "Altena"@de .
                  place:b a rkg:Place ; rdfs:label "Brilon"@de .
                  organisation:mueller-a a rkg:Company ; rdfs:label "Müller GmbH" ; org:hasPrimarySite [ geo:sfWithin place:a ] .
                  organisation:mueller-b a rkg:Company ; rdfs:label "Mueller AG" ; org:hasPrimarySite [ geo:sfWithin place:b ] .
                }""";
        try (Store small = Store.inMemory()) {
        DatasetGraph ds = small.dataset();
        Txn.executeWrite(ds, () -> RDFParser.fromString(trig, Lang.TRIG).parse(ds));
        ReconciliationService service = new ReconciliationService(ds);
        List<ReconciliationCandidate> plain = service.reconcile(ReconciliationQuery.of("Müller"));
        assertThat(plain).hasSize(2).allSatisfy(c -> {
            assertThat(c.score()).isEqualTo(100.0);
            assertThat(c.match()).isFalse();
        });
        List<ReconciliationCandidate> inBrilon = service.reconcile(new ReconciliationQuery("Müller", List.of(), 10,
                List.of(new ReconciliationQuery.PropertyCondition("town", List.of(new ReconciliationQuery.Value("Brilon", null))))));
        assertThat(inBrilon.get(0).id()).isEqualTo("organisation/mueller-b");
        assertThat(inBrilon.get(0).match()).isTrue();
        assertThat(inBrilon.get(1).match()).isFalse();
        }
    }

    @Test
    void namesNormalisation() {
        assertThat(Names.key("TRILUX GmbH & Co. KG")).isEqualTo("trilux");
        assertThat(Names.key("Wirtschaft für Südwestfalen e.V.")).isEqualTo("wirtschaft fuer suedwestfalen");
        assertThat(Names.key("AG")).isEqualTo("ag");
        assertThat(Names.similarity("Märkischer Kreis", "maerkischer kreis")).isEqualTo(1.0);
        assertThat(Names.similarity("Trilux", "Trilix")).isLessThan(1.0).isGreaterThan(0.6);
    }
}
