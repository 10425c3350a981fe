package org.regiokg.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.dialect.Dialect;
import com.networknt.schema.dialect.Dialects;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.server.RegioServer;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * OpenRefine's requests and our answers, checked against the W3C reconciliation schemas of protocol
 * 0.2 (src/test/resources/reconciliation-schemas, see SOURCE.md there) by a JSON-schema validator:
 * the batch OpenRefine 3.x sends (with {@code type_strict}, property conditions, reconciled values),
 * the manifest, result batches, suggest, property proposals, data extension queries and answers.
 */
@Tag("integration")
class ReconciliationSchemasTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String DEF = "https://w3id.org/regiokg/def#";
    /**
     * The schemas name {@code http://json-schema.org/schema#} ("the latest draft", as they were written
     * in draft-07's time) as their dialect: read as draft 7. Their own ids are served from the classpath.
     */
    static final SchemaRegistry SCHEMAS = SchemaRegistry.withDialects(List.of(Dialects.getDraft7(),
            Dialect.builder("http://json-schema.org/schema#", Dialects.getDraft7()).build()), b -> b
                    .defaultDialectId(Dialects.getDraft7().getId())
            .schemaIdResolvers(r -> r
                    .mapPrefix("https://reconciliation-api.github.io/specs/0.2/schemas/", "classpath:reconciliation-schemas/0.2/")
                    .mapPrefix("https://reconciliation-api.github.io/specs/draft/schemas/", "classpath:reconciliation-schemas/draft/")));
    static Store store;
    static TestServer server;

    /** A batch as OpenRefine 3.x's StandardReconConfig writes it: query, type, type_strict, limit, properties. */
    static final String OPENREFINE_BATCH = """
            {"q0":{"query":"TRILUX GmbH & Co. KG","type":"https://w3id.org/regiokg/def#Company","type_strict":"should","limit":6,
                   "properties":[{"pid":"town","v":"Arnsberg"}]},
             "q1":{"query":"Thomas Westphal","type":"http://xmlns.com/foaf/0.1/Person","type_strict":"should"},
             "q2":{"query":"Olpe","type_strict":"should","properties":[{"pid":"http://www.opengis.net/ont/geosparql#sfWithin",
                   "v":{"id":"place/kreis-olpe","name":"Kreis Olpe"}}]},
             "q3":{"query":"Quantenflux Systemhaus","type":["organisation","place"],"type_strict":"any"},
             "q4":{"query":"Mubea","type":"https://w3id.org/regiokg/def#Company","type_strict":"should","limit":3,
                   "properties":[{"pid":"town","v":["Attendorn","Olpe"]}]}}""";

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

    static Schema schema(String path) {
        return SCHEMAS.getSchema(SchemaLocation.of("https://reconciliation-api.github.io/specs/" + path));
    }

    static void assertValid(String schemaPath, JsonNode instance) {
        List<Error> errors = schema(schemaPath).validate(instance);
        assertThat(errors).as(schemaPath + " over " + instance).isEmpty();
    }

    static JsonNode get(String path) throws Exception {
        HttpResponse<String> r = server.get(path);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    static JsonNode postForm(String field, String json) throws Exception {
        HttpResponse<String> r = server.postForm("/api/reconcile", field + "=" + TestServer.encode(json), "*/*", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void theValidatorRefusesWhatTheSchemasForbid() throws Exception {
        // Without this, an empty schema (a wrong mapping) would pass everything.
        assertThat(schema("0.2/schemas/reconciliation-query-batch.json").validate(JSON.readTree("{\"q0\":{\"limit\":3}}"))).isNotEmpty();
        assertThat(schema("0.2/schemas/reconciliation-result-batch.json").validate(JSON.readTree("{\"q0\":{\"result\":[{\"id\":\"x\"}]}}"))).isNotEmpty();
        assertThat(schema("0.2/schemas/manifest.json").validate(JSON.readTree("{\"versions\":[\"0.1\"],\"name\":\"x\",\"identifierSpace\":\"a\",\"schemaSpace\":\"b\"}"))).isNotEmpty();
        assertThat(schema("0.2/schemas/manifest.json").validate(JSON.readTree("{\"versions\":[\"0.2\"],\"name\":\"x\",\"identifierSpace\":\"a\",\"schemaSpace\":\"b\",\"defaultTypes\":[{\"id\":\"t\"}]}"))).isNotEmpty();
        assertThat(schema("0.2/schemas/data-extension-response.json").validate(JSON.readTree("{\"meta\":[],\"rows\":{\"a\":{\"b\":[{\"str\":1}]}}}"))).isNotEmpty();
        assertThat(schema("draft/schemas/data-extension-property-proposal.json").validate(JSON.readTree("{\"properties\":[{\"id\":\"x\"}]}"))).isNotEmpty();
    }

    @Test
    void manifestIsValid() throws Exception {
        JsonNode manifest = get("/api/reconcile");
        assertValid("0.2/schemas/manifest.json", manifest);
        assertThat(manifest.has("preview")).isTrue();
        assertThat(manifest.has("extend")).isTrue();
    }

    @Test
    void openRefinesBatchAndOurResultsAreValid() throws Exception {
        assertValid("0.2/schemas/reconciliation-query-batch.json", JSON.readTree(OPENREFINE_BATCH));
        JsonNode results = postForm("queries", OPENREFINE_BATCH);
        assertValid("0.2/schemas/reconciliation-result-batch.json", results);
        assertThat(results.path("q0").path("result").get(0).path("id").asText()).isEqualTo("organisation/trilux");
        assertThat(results.path("q1").path("result").get(0).path("id").asText()).isEqualTo("person/thomas-westphal");
        assertThat(results.path("q2").path("result").get(0).path("id").asText()).isEqualTo("place/olpe");
        assertThat(results.path("q4").path("result").get(0).path("name").asText()).startsWith("Mubea");
        // A blank cell and a row with a town only, as OpenRefine sends them, are valid too and answered.
        String blankAndTownOnly = "{\"q0\":{\"query\":\"   \"},\"q1\":{\"properties\":[{\"pid\":\"town\",\"v\":\"Arnsberg\"}],\"type\":\"organisation\"}}";
        assertValid("0.2/schemas/reconciliation-query-batch.json", JSON.readTree(blankAndTownOnly));
        assertValid("0.2/schemas/reconciliation-result-batch.json", postForm("queries", blankAndTownOnly));
    }

    @Test
    void suggestIsValid() throws Exception {
        JsonNode suggest = get("/api/reconcile/suggest/entity?prefix=Tril");
        assertValid("0.2/schemas/suggest-entities-response.json", suggest);
        assertThat(suggest.path("result")).isNotEmpty();
    }

    @Test
    void propertyProposalsAreValid() throws Exception {
        JsonNode any = get("/api/reconcile/properties");
        assertValid("draft/schemas/data-extension-property-proposal.json", any);
        JsonNode companies = get("/api/reconcile/properties?type=" + TestServer.encode("http://www.w3.org/ns/org#Organization") + "&limit=3");
        assertValid("draft/schemas/data-extension-property-proposal.json", companies);
        assertThat(companies.path("properties").size()).isEqualTo(3);
    }

    @Test
    void dataExtensionQueryAndAnswerAreValid() throws Exception {
        String extend = "{\"ids\":[\"organisation/trilux\",\"place/olpe\",\"organisation/no-such-thing\"],"
                + "\"properties\":[{\"id\":\"name\"},{\"id\":\"town\"},{\"id\":\"district\"},{\"id\":\"competence\",\"settings\":{}},"
                + "{\"id\":\"wikidata\"},{\"id\":\"worldMarketLeader\"},{\"id\":\"legalName\"}]}";
        assertValid("0.2/schemas/data-extension-query.json", JSON.readTree(extend));
        JsonNode answer = postForm("extend", extend);
        assertThat(answer.path("rows").path("organisation/trilux").path("town").get(0).path("id").asText()).isEqualTo("place/arnsberg");
        // The yes/no column answers {"bool": …}: protocol 1.0's cell, which OpenRefine 3.x reads, but
        // not in 0.2's schema; every other column is checked against 0.2.
        assertThat(answer.path("rows").path("organisation/trilux").path("worldMarketLeader").get(0).has("bool")).isTrue();
        ObjectNode without = answer.deepCopy();
        com.fasterxml.jackson.databind.node.ArrayNode meta = JSON.createArrayNode();
        answer.path("meta").forEach(m -> { if (!m.path("id").asText().equals("worldMarketLeader")) meta.add(m); });
        without.set("meta", meta);
        without.path("rows").forEach(row -> ((ObjectNode) row).remove("worldMarketLeader"));
        assertValid("0.2/schemas/data-extension-response.json", without);
    }

    @Test
    void previewIsAnHtmlCardAtTheManifestsAddress() throws Exception {
        String template = get("/api/reconcile").path("preview").path("url").asText();
        String url = template.replace("{{id}}", "organisation/trilux");
        HttpResponse<String> r = server.get(url.substring(server.url("").length()));
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/html");
        assertThat(r.body()).contains("Trilux");
    }
}
