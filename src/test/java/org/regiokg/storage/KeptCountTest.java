package org.regiokg.storage;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counting a store reads a whole index (seconds at 10^6, when the server's first answers need the
 * cores): a store closed unchanged opens with the count it kept, and one written since is counted.
 */
@Tag("integration")
class KeptCountTest {
    private static final Node GRAPH = NodeFactory.createURI("urn:test:graph");

    @Test
    void aStoreUnchangedSinceItClosedStartsFromItsKeptCountAndAWrittenOneIsCounted(@TempDir Path dir) throws Exception {
        Path storeDir = dir.resolve("store");
        long quads;
        try (Store store = Store.tdb2(storeDir)) {
            write(store, 3);
            StoreUpkeepTest.waitFor(() -> store.upkeep().current().quads() >= 3);
            quads = store.upkeep().current().quads();
        }
        Path kept = storeDir.resolve(StoreUpkeep.COUNT_FILE);
        assertThat(Files.readString(kept).trim()).isEqualTo(Long.toString(quads));

        // A number no count would give: the store must take it from the file, not count.
        Files.writeString(kept, (quads + 1000) + "\n");
        try (Store store = Store.tdb2(storeDir)) {
            assertThat(store.upkeep().count().quads()).isEqualTo(quads + 1000);
            // A write moves the version: counted again from the indexes.
            write(store, 1);
            StoreUpkeepTest.waitFor(() -> store.upkeep().current().quads() == quads + 1);
        }
        assertThat(Files.readString(kept).trim()).isEqualTo(Long.toString(quads + 1));

        // Data written after the count was kept (here: a count older than every data file): counted.
        Files.writeString(kept, "7\n");
        Files.setLastModifiedTime(kept, FileTime.fromMillis(0));
        try (Store store = Store.tdb2(storeDir)) {
            assertThat(store.upkeep().count().quads()).isEqualTo(quads + 1);
        }
    }

    private static void write(Store store, int n) {
        long base = System.nanoTime();
        Txn.executeWrite(store.dataset(), () -> {
            for (int i = 0; i < n; i++)
                store.dataset().add(GRAPH, NodeFactory.createURI("urn:test:s" + base + "-" + i),
                        NodeFactory.createURI("urn:test:p"), NodeFactory.createLiteralString("v" + i));
        });
    }
}
