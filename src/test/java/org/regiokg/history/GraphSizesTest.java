package org.regiokg.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.dboe.base.file.Location;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.server.RegioServer;
import org.regiokg.storage.Compaction;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * The quads per graph that the store keeps with every write (GraphSizes), read by the sources question:
 * always the count of the graph's quads, after imports, updates, a drop, a reopening, a write around
 * the layers (TDB2 alone) and a compaction.
 */
@Tag("integration")
public class GraphSizesTest {
    private static final String G = "https://w3id.org/regiokg/graph/";

    @Test
    void keptSizesAreTheCountsAfterEveryKindOfWrite(@TempDir Path dir) throws Exception {
        Path storeDir = dir.resolve("store");
        try (Store store = Store.tdb2(storeDir)) {
            CuratedContent content = new CuratedContent(TestServer.PROJECT);
            content.loadInto(store);
            content.importDefaults(TestServer.importer(store));
            assertExact(store);
            assertThat(keptInStore(store)).as("stored in TDB2 with the writes").isTrue();
            try (TestServer server = TestServer.over(store, RegioServer.builder(store).adminPassword(TestServer.ADMIN_PASSWORD))) {
                assertSourcesExact(server, store);
                update(server, "INSERT DATA { GRAPH <" + G + "reference/organisations> { <urn:x:a> <urn:x:p> 1, 2, 3 } "
                        + "GRAPH <" + G + "test/new> { <urn:x:a> a <https://w3id.org/regiokg/def#SourceGraph> . <urn:x:b> <urn:x:p> 4 } }");
                // Already there (no change), one removed, one added back: net changes only.
                update(server, "INSERT DATA { GRAPH <" + G + "reference/organisations> { <urn:x:a> <urn:x:p> 1 } }");
                update(server, "DELETE DATA { GRAPH <" + G + "reference/organisations> { <urn:x:a> <urn:x:p> 2 } }; "
                        + "INSERT DATA { GRAPH <" + G + "reference/organisations> { <urn:x:a> <urn:x:p> 2 } }; "
                        + "DELETE DATA { GRAPH <" + G + "reference/organisations> { <urn:x:a> <urn:x:p> 3 } }");
                assertExact(store);
                assertSourcesExact(server, store);
                update(server, "DROP GRAPH <" + G + "test/new>");
                update(server, "DELETE WHERE { GRAPH <" + G + "reference/organisations> { <urn:x:a> ?p ?o } }");
                assertExact(store);
                assertSourcesExact(server, store);
            }
        }
        // Opened again: the sizes are TDB2's, not counted again.
        try (Store store = Store.tdb2(storeDir)) {
            assertThat(keptInStore(store)).isTrue();
            assertExact(store);
        }
        // Written around the layers (TDB2 alone, as its bulk loader does): counted when opened, stored with the next write.
        writeAround(storeDir, 50);
        try (Store store = Store.tdb2(storeDir)) {
            assertExact(store);
            assertThat(keptInStore(store)).as("counted at opening, not stored yet").isFalse();
            Txn.executeWrite(store.dataset(), () -> store.dataset().add(NodeFactory.createURI(G + "test/after"),
                    NodeFactory.createURI("urn:x:c"), NodeFactory.createURI("urn:x:p"), NodeFactory.createLiteralString("y")));
            assertThat(keptInStore(store)).isTrue();
            assertExact(store);
            // A compaction does not copy them (TDB2 leaves per-graph prefixes behind): counted once, stored with the next write.
            Compaction.compact(store);
            assertExact(store);
            Txn.executeWrite(store.dataset(), () -> store.dataset().deleteAny(NodeFactory.createURI(G + "test/after"), Node.ANY, Node.ANY, Node.ANY));
            assertThat(keptInStore(store)).isTrue();
            assertExact(store);
        }
    }

    /** A store that was never written (bench: TDB2's loader) is counted when opened; the count is kept for the next opening. */
    @Test
    void aStoreLoadedAroundTheLayersIsCountedOnceWhenOpened(@TempDir Path dir) {
        Path storeDir = dir.resolve("store");
        DatasetGraph bare = DatabaseMgr.connectDatasetGraph(Location.create(storeDir));
        Txn.executeWrite(bare, () -> {
            for (int i = 0; i < 100; i++)
                bare.add(NodeFactory.createURI(G + "test/loaded" + (i % 3)), NodeFactory.createURI("urn:x:s" + i),
                        NodeFactory.createURI("urn:x:p"), NodeFactory.createLiteralString("v" + i));
        });
        TDBInternal.expel(bare);
        try (Store store = Store.tdb2(storeDir)) {
            assertExact(store);
        }
        assertThat(storeDir.resolve(GraphSizes.FILE)).exists();
        try (Store store = Store.tdb2(storeDir)) {
            assertExact(store);
        }
    }

    // ----

    /**
     * A write around the layers that the rules' refresh at the next opening leaves as it is (no
     * derived fact changes, so the refresh writes nothing) still moves the data's version on: the
     * sizes kept for the old version are not trusted at the opening after, and the change log marks
     * the break (its history is not rebuilt across writes it never saw).
     */
    @Test
    void aWriteAroundThatTheRulesLeaveAsItIsStillMovesTheVersion(@TempDir Path dir) {
        Path storeDir = dir.resolve("store");
        try (Store store = Store.tdb2(storeDir)) {
            new CuratedContent(TestServer.PROJECT).loadInto(store);
            assertThat(keptInStore(store)).isTrue();
        }
        writeAround(storeDir, 20);
        try (Store store = Store.tdb2(storeDir)) {
            assertExact(store);
            ChangeLog log = ChangeRecorder.in(store.dataset()).orElseThrow().log();
            assertThat(log.get(log.version()).orElseThrow().graphs()).as("the opening's change set names the write around").containsKey(ChangeRecorder.WRITTEN_AROUND);
        }
        try (Store store = Store.tdb2(storeDir)) {
            assertExact(store);
        }
    }

    /** Writes {@code n} quads into the closed store with TDB2 alone, around the layers, as its bulk loader does. */
    private static void writeAround(Path storeDir, int n) {
        DatasetGraph bare = DatabaseMgr.connectDatasetGraph(Location.create(storeDir));
        Txn.executeWrite(bare, () -> {
            for (int i = 0; i < n; i++)
                bare.add(NodeFactory.createURI(G + "reference/places"), NodeFactory.createURI("urn:x:around" + i),
                        NodeFactory.createURI("urn:x:p"), NodeFactory.createLiteralString("x"));
        });
        TDBInternal.expel(bare);
    }

    static boolean keptInStore(Store store) {
        return Txn.calculateRead(store.dataset(), () -> GraphSizes.inStore(store.dataset()));
    }

    /** Every graph's kept size is the number of its quads, and no other graph has one. */
    public static void assertExact(Store store) {
        DatasetGraph ds = store.dataset();
        Txn.executeRead(ds, () -> {
            Map<String, Long> counted = new TreeMap<>();
            for (Node g : Iter.toList(ds.listGraphNodes())) {
                long n = GraphSizes.countedByReading(ds, g);
                if (n > 0) counted.put(g.getURI(), n);
            }
            assertThat(GraphSizes.all(ds)).as("kept sizes").hasValueSatisfying(kept -> assertThat(new TreeMap<>(kept)).isEqualTo(counted));
            counted.forEach((g, n) -> assertThat(GraphSizes.of(ds, NodeFactory.createURI(g))).hasValue(n));
        });
    }

    /** The sources question's statements are the graphs' quads. */
    static void assertSourcesExact(TestServer server, Store store) throws Exception {
        var r = server.get("/api/questions/sources", "text/csv");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> lines = r.body().lines().toList();
        // graph first, statements last (sources.rq's returns); the cells between may hold commas
        assertThat(lines.get(0)).startsWith("graph,").endsWith(",statements");
        Map<String, Long> answered = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size()))
            answered.put(line.substring(0, line.indexOf(',')), Long.parseLong(line.substring(line.lastIndexOf(',') + 1).trim()));
        assertThat(answered).isNotEmpty();
        Txn.executeRead(store.dataset(), () -> answered.forEach((g, n) ->
                assertThat(n).as(g).isEqualTo(GraphSizes.countedByReading(store.dataset(), NodeFactory.createURI(g)))));
    }

    private static void update(TestServer server, String update) {
        var r = server.update(update, TestServer.ADMIN_PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 204);
    }
}
