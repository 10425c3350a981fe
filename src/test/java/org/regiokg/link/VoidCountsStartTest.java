package org.regiokg.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicInteger;

import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.TDB2;
import org.junit.jupiter.api.Test;

/**
 * A server builds its VoID counts while it starts: building them must not ask the store anything
 * (asking its size counted a whole index, seconds at 10^6), while a request is still answered.
 */
class VoidCountsStartTest {

    @Test
    void buildingAsksTheStoreNothingAndTheFirstRequestCounts() {
        // As the store runs: TDB2, the union of the named graphs as the default graph.
        DatasetGraph data = DatabaseMgr.createDatasetGraph();
        data.getContext().set(TDB2.symUnionDefaultGraph, true);
        Txn.executeWrite(data, () -> data.add(NodeFactory.createURI("urn:g"), NodeFactory.createURI("urn:s"),
                NodeFactory.createURI("urn:p"), NodeFactory.createURI("urn:o")));
        AtomicInteger sizeAsked = new AtomicInteger();
        AtomicInteger versionAsked = new AtomicInteger();
        try (VoidCounts counts = new VoidCounts(data, () -> { versionAsked.incrementAndGet(); return 1; },
                () -> { sizeAsked.incrementAndGet(); return 1; })) {
            assertThat(sizeAsked).hasValue(0);
            assertThat(versionAsked).hasValue(0);
            assertThat(counts.current().triples()).isEqualTo(1);
        }
    }
}
