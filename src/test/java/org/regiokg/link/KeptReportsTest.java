package org.regiokg.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * The VoID description and the link report of a store too large to count on a request (its size given
 * as 10^9 here): answered from what was counted, dated when it is not of the data as it is, kept in a
 * file for the next start, never a 503 for VoID.
 */
@Tag("integration")
class KeptReportsTest {
    private static final long LARGE = 1_000_000_000L;

    @Test
    void voidBeforeItsFirstCountDescribesWhatIsExactAndSaysTheRestIsBeingCounted() {
        try (Store store = TestServer.curatedStore(true);
             VoidCounts counts = new VoidCounts(store.dataset(), () -> 1, () -> LARGE)) {
            var graphs = Txn.calculateRead(store.dataset(), () -> VoidDescription.keptGraphs(store.dataset())).orElseThrow();
            var titles = Txn.calculateRead(store.dataset(), () -> VoidDescription.titles(store.dataset()));
            Model m = VoidDescription.describe(null, graphs, titles, "http://localhost");
            var ds = m.getResource(VoidDescription.DATASET);
            assertThat(ds.hasProperty(m.createProperty(VoidDescription.VOID + "triples"))).as("no size before it is counted").isFalse();
            assertThat(ds.hasProperty(m.createProperty("http://www.w3.org/2000/01/rdf-schema#comment"))).isTrue();
            long subsets = m.listStatements(null, m.createProperty(VoidDescription.VOID + "triples"), (org.apache.jena.rdf.model.RDFNode) null)
                    .toList().size();
            assertThat(subsets).as("every graph's triples, kept").isEqualTo(graphs.size());
            long reference = graphs.stream().filter(e -> e.getKey().endsWith("reference/organisations")).findFirst().orElseThrow().getValue();
            assertThat(m.getResource("https://w3id.org/regiokg/graph/reference/organisations")
                    .getProperty(m.createProperty(VoidDescription.VOID + "triples")).getLong()).isEqualTo(reference);
            // The counts themselves: not there before the first count, which the request starts.
            assertThat(counts.latest()).satisfiesAnyOf(c -> assertThat(c).isNull(), c -> assertThat(c.triples()).isPositive());
        }
    }

    @Test
    void aLargeStoresLinkReportIsKeptDatedAfterAWriteAndReadAgainAfterARestart(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("links.report.json");
        AtomicLong version = new AtomicLong(5), sequence = new AtomicLong(40);
        try (Store store = TestServer.curatedStore(true)) {
            LinkReport exact = LinkReport.of(store.dataset());
            try (LinkReportCounts links = new LinkReportCounts(store.dataset(), version::get, sequence::get, () -> LARGE, Optional.of(file))) {
                // Never counted: the request waits for the background count.
                LinkReportCounts.Kept first = links.current();
                assertThat(first.version()).isEqualTo(5);
                assertThat(first.report()).isEqualTo(exact);
                assertThat(file).exists();
                // A write: the last report, dated, while the next count runs.
                version.set(6);
                sequence.set(41);
                LinkReportCounts.Kept after = links.current();
                assertThat(after.countedAt()).isEqualTo(first.countedAt());
                long deadline = System.nanoTime() + 20_000_000_000L;
                while (links.current().version() != 6 && System.nanoTime() < deadline) Thread.sleep(50);
                assertThat(links.current().version()).as("counted again in the background").isEqualTo(6);
            }
            // A restart at the same lasting version: the kept report is of the data, no count needed.
            version.set(1);
            try (LinkReportCounts again = new LinkReportCounts(store.dataset(), version::get, sequence::get, () -> LARGE, Optional.of(file))) {
                LinkReportCounts.Kept kept = again.current();
                assertThat(kept.version()).isEqualTo(1);
                assertThat(kept.report()).isEqualTo(exact);
            }
            // At another lasting version (written since): answered, but as an older count.
            sequence.set(42);
            try (LinkReportCounts moved = new LinkReportCounts(store.dataset(), version::get, sequence::get, () -> LARGE, Optional.of(file))) {
                assertThat(moved.current().version()).isEqualTo(-1);
            }
        }
    }
}
