package org.regiokg.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

import org.apache.jena.query.Query;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.sparql.SparqlFile;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/** What remote mode sends for sources.rq: the kept count replaced by a count, with the same numbers. */
@Tag("integration")
class GraphStatementsTest {

    @Test
    void theRewrittenSourcesQuestionCountsWhatTheStoreKeeps() {
        Query sources = SparqlFile.read(Path.of("queries/sources.rq")).query();
        Query rewritten = GraphStatements.rewrite(sources);
        assertThat(rewritten.serialize()).doesNotContain("fn:statements").containsIgnoringCase("COUNT(*)");
        try (Store store = TestServer.curatedStore(true)) {
            Map<String, String> kept = statements(store, sources), counted = statements(store, rewritten);
            assertThat(kept).hasSizeGreaterThan(5);
            assertThat(counted).isEqualTo(kept);
        }
    }

    private static Map<String, String> statements(Store store, Query query) {
        Map<String, String> rows = new TreeMap<>();
        Txn.executeRead(store.dataset(), () -> QueryExec.dataset(store.dataset()).query(query).select().forEachRemaining(b ->
                rows.put(b.get(Var.alloc("graph")).getURI(), b.get(Var.alloc("statements")).getLiteralLexicalForm())));
        return rows;
    }
}
