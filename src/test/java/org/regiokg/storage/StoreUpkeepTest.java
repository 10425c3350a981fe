package org.regiokg.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.engine.optimizer.reorder.ReorderTransformation;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.testing.TestServer;

/**
 * After a write the store's count and planner statistics follow in the background: the count
 * without a count on request, the statistics gathered again and handed to TDB2 without reopening.
 */
@Tag("integration")
class StoreUpkeepTest {

    @Test
    void countAndStatisticsFollowWritesWithoutReopening(@TempDir Path dir) throws Exception {
        Path storeDir = dir.resolve("store");
        try (Store store = Store.tdb2(storeDir)) {
            new CuratedContent(TestServer.PROJECT).loadInto(store);
        }
        try (Store store = Store.tdb2(storeDir)) {
            Path stats = PlannerStatistics.dataDirectory(store.dataset()).resolve(PlannerStatistics.FILE);
            assertThat(store.upkeep().count().quads()).isEqualTo(store.quadCount());
            FileTime gathered = Files.getLastModifiedTime(stats);
            ReorderTransformation planner = TDBInternal.getDatasetGraphTDB(store.storage()).getReorderTransform();

            // A write much larger than 1 % of the store: a class the statistics did not know.
            long before = store.quadCount();
            Txn.executeWrite(store.dataset(), () -> {
                for (int i = 0; i < before / 10; i++)
                    store.dataset().add(NodeFactory.createURI("urn:test"), NodeFactory.createURI("urn:thing:" + i),
                            NodeFactory.createURI("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), NodeFactory.createURI("urn:NewClass"));
            });
            long after = store.quadCount();
            waitFor(() -> store.upkeep().count().quads() == after);
            waitFor(() -> Files.readString(stats).contains("urn:NewClass"));
            assertThat(Files.getLastModifiedTime(stats).compareTo(gathered)).isPositive();
            waitFor(() -> TDBInternal.getDatasetGraphTDB(store.storage()).getReorderTransform() != planner);
        }
    }

    @Test
    void compactionReclaimsDeletedDataAndKeepsTheRest(@TempDir Path dir) {
        Path storeDir = dir.resolve("store");
        try (Store store = Store.tdb2(storeDir)) {
            new CuratedContent(TestServer.PROJECT).loadInto(store);
            long quads = store.quadCount();
            // Written and deleted again: the blocks and nodes stay in the files.
            for (int round = 0; round < 3; round++) {
                int r0 = round;
                Txn.executeWrite(store.dataset(), () -> {
                    for (int i = 0; i < 20_000; i++)
                        store.dataset().add(NodeFactory.createURI("urn:test"), NodeFactory.createURI("urn:s" + i),
                                NodeFactory.createURI("urn:p"), NodeFactory.createLiteralString("value " + r0 + " " + i));
                });
                Txn.executeWrite(store.dataset(), () -> store.dataset().deleteAny(NodeFactory.createURI("urn:test"),
                        org.apache.jena.graph.Node.ANY, org.apache.jena.graph.Node.ANY, org.apache.jena.graph.Node.ANY));
            }
            Compaction.Result r = Compaction.compact(store);
            assertThat(r.bytesAfter()).isLessThan(r.bytesBefore());
            assertThat(r.generation()).isEqualTo("Data-0002");
            assertThat(store.quadCount()).isEqualTo(quads);
            assertThat(PlannerStatistics.dataDirectory(store.dataset()).resolve(PlannerStatistics.FILE)).exists();
        }
        assertThat(storeDir.resolve("Data-0001")).doesNotExist();
    }

    @Test
    void aWriteMovesTheKeptCountsByItsChangeSetInsteadOfCountingTheStoreAgain(@TempDir Path dir) throws Exception {
        Path storeDir = dir.resolve("store");
        try (Store store = Store.tdb2(storeDir)) {
            new CuratedContent(TestServer.PROJECT).loadInto(store);
        }
        // A count no gathering would give (the store has no urn:test:p at all): only moving it by the
        // write's change set leaves 1000 + 3.
        Path stats = storeDir.resolve("Data-0001").resolve(PlannerStatistics.FILE);
        String kept = Files.readString(stats);
        Files.writeString(stats, kept.replaceFirst("\\(other", "(<urn:test:p> 1000)\n  (other"));
        assertThat(PlannerCounts.read(stats).orElseThrow().predicate(NodeFactory.createURI("urn:test:p"))).isEqualTo(1000);
        try (Store store = Store.tdb2(storeDir)) {
            long quads = PlannerCounts.read(stats).orElseThrow().count();
            Txn.executeWrite(store.dataset(), () -> {
                for (int i = 0; i < 3; i++)
                    store.dataset().add(NodeFactory.createURI("urn:test"), NodeFactory.createURI("urn:test:s" + i),
                            NodeFactory.createURI("urn:test:p"), NodeFactory.createLiteralString("v" + i));
            });
            waitFor(() -> PlannerCounts.read(stats).map(c -> c.predicate(NodeFactory.createURI("urn:test:p"))).orElse(0L) == 1003);
            assertThat(PlannerCounts.read(stats).orElseThrow().count()).isEqualTo(quads + 3);

            Txn.executeWrite(store.dataset(), () -> store.dataset().delete(NodeFactory.createURI("urn:test"), NodeFactory.createURI("urn:test:s0"),
                    NodeFactory.createURI("urn:test:p"), NodeFactory.createLiteralString("v0")));
            waitFor(() -> PlannerCounts.read(stats).map(c -> c.predicate(NodeFactory.createURI("urn:test:p"))).orElse(0L) == 1002);
        }
    }

    @Test
    void aCompactedStoreKeepsItsVersionPrefixesAndSizesAndOpensWithoutDerivingOrCountingAgain(@TempDir Path dir) throws Exception {
        Path storeDir = dir.resolve("store");
        long version;
        try (Store store = Store.tdb2(storeDir)) {
            new CuratedContent(TestServer.PROJECT).loadInto(store);
            Txn.executeWrite(store.dataset(), () -> store.dataset().prefixes().add("ex", "https://example.org/"));
            version = store.changes().version();
            Compaction.compact(store);
            assertThat(Txn.calculateRead(store.storage(), () -> org.regiokg.history.ChangeLog.versionIn(store.storage()))).isEqualTo(version);
            assertThat(Txn.calculateRead(store.dataset(), () -> store.dataset().prefixes().get("ex"))).isEqualTo("https://example.org/");
            assertThat(Txn.calculateRead(store.storage(), () -> org.regiokg.history.GraphSizes.all(store.storage()))).as("kept graph sizes").isPresent();
        }
        try (Store store = Store.tdb2(storeDir)) {
            assertThat(org.regiokg.derive.DerivedFacts.in(store.dataset()).orElseThrow().lastRun()).as("no derivation at opening").isEmpty();
            assertThat(store.changes().version()).isEqualTo(version);
            assertThat(Txn.calculateRead(store.dataset(), () -> store.dataset().prefixes().get("ex"))).isEqualTo("https://example.org/");
        }
    }

    interface Check {
        boolean ok() throws Exception;
    }

    static void waitFor(Check check) throws Exception {
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (!check.ok()) {
            if (System.nanoTime() > deadline) throw new AssertionError("not within 20 s");
            Thread.sleep(50);
        }
    }
}
