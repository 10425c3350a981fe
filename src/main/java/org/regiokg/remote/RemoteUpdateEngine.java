package org.regiokg.remote;

import java.util.Set;

import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.modify.UpdateEngine;
import org.apache.jena.sparql.modify.UpdateEngineFactory;
import org.apache.jena.sparql.modify.UpdateEngineRegistry;
import org.apache.jena.sparql.modify.UpdateRequestSink;
import org.apache.jena.sparql.modify.UpdateSink;
import org.apache.jena.sparql.modify.request.UpdateLoad;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.sparql.util.Symbol;
import org.apache.jena.update.UpdateException;
import org.apache.jena.update.UpdateRequest;

/**
 * Sends a SPARQL Update request to the remote store of a {@link RemoteDataset} as it is (in a write
 * transaction: at its commit, with the rest of it). LOAD is refused unless its source is one the
 * server allows (the same list, {@code --load-allow}, as for the embedded store): the remote store
 * would fetch it.
 */
public final class RemoteUpdateEngine implements UpdateEngineFactory {
    /** Where org.regiokg.storage.UpdateLoadGuard keeps the allowed sources in a dataset's context (the same symbol). */
    private static final Symbol ALLOWED_SOURCES = Symbol.create("https://w3id.org/regiokg/def#loadAllowedSources");
    private static final RemoteUpdateEngine INSTANCE = new RemoteUpdateEngine();

    private RemoteUpdateEngine() {}

    /** First in line: ahead of the LOAD guard of embedded stores, which would run the update here. */
    static synchronized void install() {
        UpdateEngineRegistry.removeFactory(INSTANCE);
        UpdateEngineRegistry.addFactory(INSTANCE);
    }

    @Override
    public boolean accept(DatasetGraph dataset, Context context) {
        return RemoteDataset.under(dataset) != null;
    }

    @Override
    public UpdateEngine create(DatasetGraph dataset, Binding inputBinding, Context context) {
        RemoteDataset remote = RemoteDataset.under(dataset);
        UpdateRequest request = new UpdateRequest();
        UpdateSink sink = new UpdateRequestSink(request);
        return new UpdateEngine() {
            @Override
            public void startRequest() {}

            @Override
            public void finishRequest() {
                Set<?> allowed = (Set<?>) remote.getContext().get(ALLOWED_SOURCES, Set.of());
                for (var op : request.getOperations())
                    if (op instanceof UpdateLoad load && !allowed.contains(load.getSource()))
                        throw new UpdateException("LOAD <" + load.getSource() + "> is not allowed (see --load-allow)");
                remote.update(request);
            }

            @Override
            public UpdateSink getUpdateSink() {
                return sink;
            }
        };
    }
}
