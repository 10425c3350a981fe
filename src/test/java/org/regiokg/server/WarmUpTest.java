package org.regiokg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.apache.jena.sparql.graph.GraphFactory;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.ingest.ShapesGate;
import org.regiokg.questions.QuestionCatalogue;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * What serve's start does ahead and what it leaves for later: the questions marked {@code warm: true} run
 * once while the server is built (the agency question is one; a request for it that comes first stops that
 * run), and the shapes are read at the first check.
 */
@Tag("integration")
class WarmUpTest {
    private static final String AGENCY = "/api/questions/world-market-leaders-without-digital-partner";

    @Test
    void theAgencyQuestionRunsOnceAtTheStartAndAnswersAsWithout() throws Exception {
        Store store = TestServer.curatedStore(true);
        try (store) {
            String warmBody;
            try (TestServer warm = TestServer.over(store, RegioServer.builder(store).warmUp(true))) {
                assertThat(warm.server().warmedUp().get(60, TimeUnit.SECONDS))
                        .containsExactly("world-market-leaders-without-digital-partner");
                var answer = warm.get(AGENCY, "application/json");
                assertThat(answer.statusCode()).isEqualTo(200);
                warmBody = answer.body();
            }
            try (TestServer cold = TestServer.over(store, RegioServer.builder(store))) {
                assertThat(cold.server().warmedUp()).isCompletedWithValue(java.util.List.of());
                assertThat(cold.get(AGENCY, "application/json").body()).isEqualTo(warmBody);
            }
            assertThat(warmBody).contains("\"org\":\"https://w3id.org/regiokg/id/organisation/");
        }
    }

    @Test
    void aRequestForAWarmQuestionStopsTheWarmUpInsteadOfRunningBesideIt(@TempDir Path dir) throws Exception {
        // Two warm questions: one slow (a cross product of the data, seconds), one quick. Asked for the quick
        // one at once, the runner aborts the warm-up's slow query and answers; neither counts as warmed.
        Files.writeString(dir.resolve("a-slow.rq"), "#+ warm: true\n#+ returns: [n]\nSELECT (COUNT(*) AS ?n) { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }\n");
        Files.writeString(dir.resolve("b-quick.rq"), "#+ warm: true\n#+ returns: [s]\nSELECT ?s { ?s ?p ?o } LIMIT 1\n");
        try (Store store = Store.inMemory()) {
            fill(store);
            QuestionCatalogue catalogue = new QuestionCatalogue(dir);
            org.regiokg.questions.QuestionRunner runner = new org.regiokg.questions.QuestionRunner(store.dataset());
            var warmUp = runner.warmUp(catalogue);
            var answer = runner.run(catalogue.find("b-quick").orElseThrow(), java.util.Map.of());
            assertThat(answer.rows()).hasSize(1);
            // 2500^3 rows: the warm-up would count for hours; stopped, it ends at once.
            assertThat(warmUp.get(20, TimeUnit.SECONDS)).isEmpty();
        }
    }

    @Test
    void closingTheServerStopsAWarmUpStillRunning(@TempDir Path dir) throws Exception {
        Files.writeString(dir.resolve("slow.rq"), "#+ warm: true\n#+ returns: [n]\nSELECT (COUNT(*) AS ?n) { ?a ?p ?b . ?c ?q ?d . ?e ?r ?f }\n");
        try (Store store = Store.inMemory()) {
            fill(store);
            TestServer server = TestServer.over(store, RegioServer.builder(store).queries(dir).warmUp(true));
            var warmUp = server.server().warmedUp();
            long closing = System.nanoTime();
            server.close();
            // Without the stop, close() waits for the count until the query time limit (30 s).
            assertThat(java.time.Duration.ofNanos(System.nanoTime() - closing)).isLessThan(java.time.Duration.ofSeconds(10));
            assertThat(warmUp).isDone();
            assertThat(warmUp.get()).isEmpty();
        }
    }

    @Test
    void warmTakesTrueOrFalseAndNeedsDefaultsForEveryRequiredParameter(@TempDir Path dir) throws IOException {
        Files.writeString(dir.resolve("often.rq"), "#+ warm: often\n#+ returns: [s]\nSELECT ?s { ?s ?p ?o }\n");
        Files.writeString(dir.resolve("bound.rq"), "#+ warm: true\n#+ returns: [s]\nSELECT ?s { ?s ?p ?_o_iri }\n");
        Files.writeString(dir.resolve("defaulted.rq"), "#+ warm: true\n#+ defaults:\n#+   - o: https://example.org/o\n#+ returns: [s]\nSELECT ?s { ?s ?p ?_o_iri }\n");
        QuestionCatalogue catalogue = new QuestionCatalogue(dir);
        assertThat(catalogue.all()).singleElement().satisfies(q -> {
            assertThat(q.name()).isEqualTo("defaulted");
            assertThat(q.warm()).isTrue();
        });
        assertThat(catalogue.problems()).hasSize(2).anySatisfy(p -> assertThat(p).contains("bound.rq")
                        .contains("warm: true, but a required parameter without a default"))
                .anySatisfy(p -> assertThat(p).contains("often.rq").contains("warm: 'often'; it must be true"));
    }

    @Test
    void shapesReadAtFirstUseFailAtTheFirstCheckNotBefore(@TempDir Path dir) throws IOException {
        Path broken = Files.writeString(dir.resolve("shapes.ttl"), "@prefix sh: <http://www.w3.org/ns/shacl#> .\nthis is not turtle\n");
        ShapesGate gate = ShapesGate.atFirstUse(broken);
        assertThatThrownBy(() -> gate.check(GraphFactory.createDefaultGraph(), java.util.Map.of()))
                .isInstanceOf(RuntimeException.class);
        assertThatThrownBy(() -> new ShapesGate(broken)).isInstanceOf(RuntimeException.class);
    }

    /** 2,500 triples: the slow warm query's cross product of them would count for hours. */
    private static void fill(Store store) {
        org.apache.jena.system.Txn.executeWrite(store.dataset(), () -> {
            for (int i = 0; i < 2500; i++)
                store.dataset().add(org.apache.jena.graph.NodeFactory.createURI("https://example.org/graph"),
                        org.apache.jena.graph.NodeFactory.createURI("https://example.org/s" + i),
                        org.apache.jena.graph.NodeFactory.createURI("https://example.org/p"),
                        org.apache.jena.graph.NodeFactory.createLiteralString("v" + i));
        });
    }
}
