package org.regiokg.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.server.RegioServer;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * The stored question municipality-population-wikidata keeps Wikidata's IRI as a constant; the
 * server sends it to the local fixture through the endpoint map.
 */
@Tag("integration")
class WikidataQuestionTest {
    static final String QUESTION = "/api/questions/municipality-population-wikidata";
    static WikidataFixture wikidata;
    static Store store;
    static TestServer server;

    @BeforeAll
    static void start() {
        wikidata = new WikidataFixture();
        store = Store.inMemory();
        new CuratedContent(TestServer.PROJECT).loadInto(store);
        server = TestServer.over(store, RegioServer.builder(store).serviceAllowList(ServiceAllowList.of(
                List.of(ServiceAllowList.WIKIDATA), Map.of(ServiceAllowList.WIKIDATA, wikidata.endpoint()), Duration.ofSeconds(5))));
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
        wikidata.close();
    }

    static Map<String, JsonNode> byName(HttpResponse<String> r) throws Exception {
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        Map<String, JsonNode> rows = new LinkedHashMap<>();
        new ObjectMapper().readTree(r.body()).path("results").path("bindings").forEach(b -> rows.put(b.path("name").path("value").asText(), b));
        return rows;
    }

    @Test
    void populationOfTheRegionsLinkedMunicipalitiesComesFromWikidata() throws Exception {
        Map<String, JsonNode> rows = byName(server.get(QUESTION, "application/sparql-results+json"));
        assertThat(rows.keySet()).contains("Olpe", "Arnsberg").doesNotContain("Hagen", "Dortmund");
        assertThat(rows.get("Olpe").path("wikidata").path("value").asText()).isEqualTo("http://www.wikidata.org/entity/Q10898");
        assertThat(rows.get("Olpe").path("population").path("value").asText()).isEqualTo("24500");
        assertThat(rows.get("Olpe").path("populationDate").path("value").asText()).startsWith("2023-12-31");
        assertThat(rows.get("Arnsberg").path("population").path("value").asText()).isEqualTo("73000");
    }

    @Test
    void regionParameterChoosesTheMunicipalities() throws Exception {
        Map<String, JsonNode> rows = byName(server.get(QUESTION + "?region=" + TestServer.encode("https://w3id.org/regiokg/id/place/regierungsbezirk-arnsberg"),
                "application/sparql-results+json"));
        assertThat(rows.keySet()).contains("Hagen", "Olpe", "Arnsberg");
        assertThat(rows.get("Hagen").path("population").path("value").asText()).isEqualTo("189000");
    }

    @Test
    void withoutAllowedServiceTheMunicipalitiesComeWithoutPopulation() throws Exception {
        try (Store own = Store.inMemory()) {
            new CuratedContent(TestServer.PROJECT).loadInto(own);
            try (TestServer closed = TestServer.over(own, RegioServer.builder(own))) {
            Map<String, JsonNode> rows = byName(closed.get(QUESTION, "application/sparql-results+json"));
            assertThat(rows.keySet()).contains("Olpe", "Arnsberg");
            assertThat(rows.get("Olpe").has("population")).isFalse();
            }
        }
    }
}
