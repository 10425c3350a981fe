package org.regiokg.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.server.RegioServer;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/** SERVICE reaches the allowed endpoints only, within its own timeout; everything else is refused with the target named. */
@Tag("integration")
class ServiceAllowListTest {
    static final Duration SERVICE_TIMEOUT = Duration.ofSeconds(1);
    static final String JSON = "application/sparql-results+json";
    static WikidataFixture wikidata;
    static HttpServer slowRemote;
    static final AtomicInteger slowCalls = new AtomicInteger();
    static Store store;
    static TestServer server;
    static TestServer serverWithProbeQuestion;

    @BeforeAll
    static void start() throws IOException {
        wikidata = new WikidataFixture();
        slowRemote = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        slowRemote.createContext("/", exchange -> {
            slowCalls.incrementAndGet();
            try {
                Thread.sleep(15_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            exchange.close();
        });
        slowRemote.setExecutor(java.util.concurrent.Executors.newCachedThreadPool());
        slowRemote.start();
        store = Store.inMemory();
        new CuratedContent(TestServer.PROJECT).loadInto(store);
        server = TestServer.over(store, RegioServer.builder(store).serviceAllowList(allowList()));
        serverWithProbeQuestion = TestServer.over(store, RegioServer.builder(store).serviceAllowList(allowList())
                .queries(TestServer.PROJECT.resolve("src/test/resources/wikidata-fixture/queries")));
    }

    static ServiceAllowList allowList() {
        return ServiceAllowList.of(List.of(wikidata.endpoint(), slowEndpoint()), Map.of(), SERVICE_TIMEOUT);
    }

    static String slowEndpoint() {
        return "http://127.0.0.1:" + slowRemote.getAddress().getPort() + "/sparql";
    }

    @AfterAll
    static void stop() {
        serverWithProbeQuestion.close();
        server.close();
        store.close();
        slowRemote.stop(0);
        wikidata.close();
    }

    static String serviceQuery(String endpoint) {
        return "SELECT ?population WHERE { SERVICE <" + endpoint + "> { "
                + "<http://www.wikidata.org/entity/Q10898> <http://www.wikidata.org/prop/direct/P1082> ?population } }";
    }

    @Test
    void allowedEndpointAnswersThroughKgSparql() {
        HttpResponse<String> r = server.sparqlGet(serviceQuery(wikidata.endpoint()), JSON);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains("\"24500\"");
    }

    @Test
    void otherTargetsAreRefusedWithTheirName() {
        List<String> refused = List.of(
                // the same server under another name: the list compares exact IRIs
                "http://127.0.0.1:" + wikidata.port() + "/wikidata/sparql",
                "http://localhost:" + server.url("").replaceAll(".*:(\\d+).*", "$1") + "/kg/sparql",
                "http://169.254.169.254/latest/meta-data/",
                "file:///etc/passwd");
        for (String target : refused) {
            HttpResponse<String> r = server.sparqlPost(serviceQuery(target), JSON);
            assertThat(r.statusCode()).as(target + ": " + r.body()).isBetween(400, 499);
            assertThat(r.body()).as(target).contains(target).contains("not allowed");
        }
    }

    @Test
    void emptyListRefusesEverything() {
        // The list belongs to the store's context, so a second server needs a store of its own.
        try (Store own = Store.inMemory(); TestServer closed = TestServer.over(own, RegioServer.builder(own))) {
            HttpResponse<String> r = closed.sparqlGet(serviceQuery(wikidata.endpoint()), JSON);
            assertThat(r.statusCode()).isBetween(400, 499);
            assertThat(r.body()).contains(wikidata.endpoint()).contains("no endpoints");
        }
    }

    @Test
    void slowRemoteEndsAtTheServiceTimeout() {
        long start = System.nanoTime();
        HttpResponse<String> r = server.sparqlGet(serviceQuery(slowEndpoint()), JSON);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(slowCalls.get()).as("the remote was called").isPositive();
        assertThat(r.statusCode()).as(r.body()).isNotEqualTo(200);
        assertThat(took).isLessThan(Duration.ofSeconds(8));
    }

    @Test
    void apiAnswersAProblemDocumentNamingTheRefusedEndpoint() throws Exception {
        HttpResponse<String> r = serverWithProbeQuestion.get("/api/questions/metadata-probe", "application/json");
        assertThat(r.statusCode()).isEqualTo(422);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        var problem = new com.fasterxml.jackson.databind.ObjectMapper().readTree(r.body());
        assertThat(problem.path("status").asInt()).isEqualTo(422);
        assertThat(problem.path("detail").asText()).contains("http://169.254.169.254/latest/meta-data/").contains("not allowed");
    }

    @Test
    void endpointMapMustNameAnAllowedEndpoint() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ServiceAllowList.of(List.of(),
                        Map.of(ServiceAllowList.WIKIDATA, wikidata.endpoint()), SERVICE_TIMEOUT))
                .hasMessageContaining(ServiceAllowList.WIKIDATA).hasMessageContaining("not allowed");
        assertThat(ServiceAllowList.parseEndpointMap(List.of("https://query.wikidata.org/sparql=http://localhost:1/x")))
                .containsEntry(ServiceAllowList.WIKIDATA, "http://localhost:1/x");
    }
}
