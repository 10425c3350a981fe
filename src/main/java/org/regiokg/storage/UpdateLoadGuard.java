package org.regiokg.storage;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Set;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.GraphUtil;
import org.apache.jena.graph.Node;
import org.apache.jena.query.QueryBuildException;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.modify.UpdateEngine;
import org.apache.jena.sparql.modify.UpdateEngineFactory;
import org.apache.jena.sparql.modify.UpdateEngineMain;
import org.apache.jena.sparql.modify.UpdateEngineRegistry;
import org.apache.jena.sparql.modify.UpdateEngineWorker;
import org.apache.jena.sparql.modify.request.UpdateLoad;
import org.apache.jena.sparql.modify.request.UpdateVisitor;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.sparql.util.Symbol;

/**
 * SPARQL Update's {@code LOAD <source>} reads only from the sources a store allows (none unless
 * given): without this, an update could read the server's own files ({@code file:}) into a public
 * graph, or make the server fetch from any host in the network it runs in.
 *
 * <p>A refused source is refused before anything is opened, with the same message whether or not it
 * exists; {@code LOAD SILENT} of a refused or failing source changes nothing and reports nothing.
 * Allowed sources are fetched over HTTP(S) without following redirects, so an allowed host cannot
 * send the server elsewhere.
 */
public final class UpdateLoadGuard implements UpdateEngineFactory {
    /** The allowed sources, a {@code Set<String>} of exact IRIs, in a dataset's context. */
    public static final Symbol ALLOWED_SOURCES = Symbol.create("https://w3id.org/regiokg/def#loadAllowedSources");
    private static final UpdateLoadGuard INSTANCE = new UpdateLoadGuard();

    /** Made when a LOAD first reads a source (building an HttpClient cost a noticeable part of every start). */
    private static final class Http {
        static final HttpClient CLIENT = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(20)).build();
    }

    private UpdateLoadGuard() {}

    /** Guards every update on a dataset whose context names its allowed sources (see {@link #allow}). */
    static synchronized void register() {
        if (!UpdateEngineRegistry.containsFactory(INSTANCE)) UpdateEngineRegistry.addFactory(INSTANCE);
    }

    /** Sets the sources {@code LOAD} may read on this context; an empty set refuses every LOAD. */
    static void allow(Context context, Set<String> sources) {
        register();
        context.set(ALLOWED_SOURCES, Set.copyOf(sources));
    }

    @Override
    public boolean accept(DatasetGraph dataset, Context context) {
        return allowedSources(dataset, context) != null;
    }

    @Override
    public UpdateEngine create(DatasetGraph dataset, Binding inputBinding, Context context) {
        Set<String> allowed = allowedSources(dataset, context);
        return new UpdateEngineMain(dataset, inputBinding, context) {
            @Override
            protected UpdateVisitor prepareWorker() {
                return new GuardedWorker(dataset, inputBinding, context, allowed);
            }
        };
    }

    @SuppressWarnings("unchecked")
    private static Set<String> allowedSources(DatasetGraph dataset, Context context) {
        Object value = context == null ? null : context.get(ALLOWED_SOURCES);
        if (value == null && dataset != null) value = dataset.getContext().get(ALLOWED_SOURCES);
        return (Set<String>) value;
    }

    private static final class GuardedWorker extends UpdateEngineWorker {
        private final Set<String> allowed;

        GuardedWorker(DatasetGraph dataset, Binding binding, Context context, Set<String> allowed) {
            super(dataset, binding, context);
            this.allowed = allowed;
        }

        @Override
        public void visit(UpdateLoad update) {
            String source = update.getSource();
            if (!allowed.contains(source)) {
                if (update.getSilent()) return;
                throw new QueryBuildException("LOAD <" + source + "> is refused: this server loads "
                        + (allowed.isEmpty() ? "from no sources" : "only from " + allowed.stream().sorted().toList())
                        + " (server option --load-allow); to load a file of your own, use `regiokg load` or the Graph Store Protocol");
            }
            Node dest = update.getDest();
            Graph graph = dest == null ? datasetGraph.getDefaultGraph() : datasetGraph.getGraph(dest);
            // Read whole first: a source that fails half-way must not leave half its triples (LOAD SILENT commits).
            Graph read = GraphFactory.createDefaultGraph();
            try {
                RDFParser.source(source).httpClient(Http.CLIENT).parse(read);
                GraphUtil.addInto(graph, read);
            } catch (RuntimeException e) {
                if (!update.getSilent()) throw new QueryBuildException("LOAD <" + source + "> failed: " + e.getMessage());
            }
        }
    }
}
