package org.regiokg.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.apache.jena.sparql.engine.optimizer.reorder.ReorderWeighted;
import org.apache.jena.sparql.exec.UpdateExec;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.testing.TestServer;

/** A reopened TDB2 store plans with statistics of its own data, gathered again after writes. */
@Tag("integration")
class PlannerStatisticsTest {

    @Test
    void gatheredWhenMissingKeptWhileUnchangedRegatheredAfterWrites(@TempDir Path dir) throws Exception {
        Path storeDir = dir.resolve("store");
        try (Store store = Store.tdb2(storeDir)) {
            new CuratedContent(TestServer.PROJECT).loadInto(store);
        }
        Path stats;
        try (Store store = Store.tdb2(storeDir)) {
            stats = PlannerStatistics.dataDirectory(store.dataset()).resolve(PlannerStatistics.FILE);
            // Counts over the union graph the questions read (the curated data is all in named graphs).
            assertThat(Files.readString(stats)).contains("<https://w3id.org/regiokg/def#Company>").contains("<http://www.w3.org/ns/org#hasPrimarySite>");
            assertThat(TDBInternal.getDatasetGraphTDB(store.storage()).getReorderTransform()).isInstanceOf(ReorderWeighted.class);
        }
        FileTime gathered = Files.getLastModifiedTime(stats);
        Thread.sleep(20);
        try (Store store = Store.tdb2(storeDir)) {
            assertThat(Files.getLastModifiedTime(stats)).isEqualTo(gathered);
            Txn.executeWrite(store.dataset(), () -> UpdateExec.dataset(store.dataset())
                    .update("INSERT DATA { GRAPH <urn:test> { <urn:x> a <https://w3id.org/regiokg/def#Company> } }").execute());
        }
        try (Store store = Store.tdb2(storeDir)) {
            assertThat(Files.getLastModifiedTime(stats).compareTo(gathered)).isPositive();
        }
    }
}
