package org.regiokg.storage;

import java.util.ArrayList;
import java.util.List;

import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.update.Update;
import org.regiokg.derive.Deriver;
import org.regiokg.derive.Rule;
import org.regiokg.derive.Rules;
import org.regiokg.remote.DerivedUpdates;
import org.regiokg.remote.RemoteDataset;

/** What a {@link Store} over a remote SPARQL store does in place of the embedded store's layers. */
final class RemoteStores {
    /**
     * How long an answer cached under one version may be served: another process may write to the
     * store at any time, and standard SPARQL cannot ask a store for its version.
     */
    static final long VERSION_SECONDS = 10;

    private RemoteStores() {}

    /** Changes with every write of this process at once, and every {@value #VERSION_SECONDS} s for everyone else's. */
    static String dataVersion(String epoch, RemoteDataset remote) {
        return epoch + "-r" + remote.writesCommitted() + "-" + System.currentTimeMillis() / (VERSION_SECONDS * 1000);
    }

    /** The packaged rules, in their order, as updates that re-derive each in full. */
    static List<Update> derivedUpdates() {
        List<Update> updates = new ArrayList<>();
        for (Rule rule : Rules.packaged())
            updates.addAll(DerivedUpdates.rerun(rule.graph(), rule.query(),
                    List.of(Triple.create(rule.graph(), Deriver.RULE_DIGEST, NodeFactory.createLiteralString(rule.digest())))));
        return updates;
    }
}
