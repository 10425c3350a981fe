package org.regiokg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/** A query that would run for hours ends at the timeout, and the server answers others meanwhile. */
@Tag("integration")
class QueryTimeoutTest {
    static final Duration TIMEOUT = Duration.ofMillis(1500);
    static Store store;
    static TestServer server;

    @BeforeAll
    static void start() {
        store = Store.inMemory();
        new CuratedContent(TestServer.PROJECT).loadInto(store);
        assertThat(store.quadCount()).as("the curated graph makes the query expensive").isGreaterThan(500);
        server = TestServer.over(store, RegioServer.builder(store).queryTimeout(TIMEOUT));
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    /** Every quad joined with every other, four times over: about 10^12 rows to count on the curated graph. */
    static String expensiveQuery() {
        return "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }";
    }

    @Test
    void expensiveQueryEndsWithAnErrorAtTheTimeout() throws Exception {
        long start = System.nanoTime();
        CompletableFuture<HttpResponse<String>> slow =
                CompletableFuture.supplyAsync(() -> server.sparqlGet(expensiveQuery(), "application/sparql-results+json"));

        // Meanwhile the server keeps answering.
        Thread.sleep(200);
        assertThat(slow).isNotDone();
        HttpResponse<String> health = server.get("/api/health");
        assertThat(health.statusCode()).isEqualTo(200);
        HttpResponse<String> other = server.sparqlGet("ASK {}", "application/sparql-results+json");
        assertThat(other.statusCode()).isEqualTo(200);
        assertThat(other.body()).contains("true");

        HttpResponse<String> r = slow.get(30, TimeUnit.SECONDS);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        assertThat(r.statusCode()).isEqualTo(503);
        assertThat(r.body()).containsIgnoringCase("timed out");
        assertThat(took).isGreaterThanOrEqualTo(TIMEOUT).isLessThan(TIMEOUT.plusSeconds(10));
    }
}
