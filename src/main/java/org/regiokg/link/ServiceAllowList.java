package org.regiokg.link;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.ARQ;
import org.apache.jena.query.QueryDeniedException;
import org.apache.jena.sparql.algebra.op.OpService;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.http.QueryExceptionHTTP;
import org.apache.jena.sparql.engine.iterator.QueryIter;
import org.apache.jena.sparql.engine.iterator.QueryIterCommonParent;
import org.apache.jena.sparql.engine.iterator.QueryIterSingleton;
import org.apache.jena.sparql.exec.http.Service;
import org.apache.jena.sparql.service.ServiceExecutorRegistry;
import org.apache.jena.sparql.service.single.ChainingServiceExecutor;
import org.apache.jena.sparql.service.single.ServiceExecutor;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.sys.JenaSystem;

/**
 * Federated {@code SERVICE} calls to a fixed list of endpoints only, each with its own timeout.
 * Any other target (another host, a port on this machine, a cloud metadata address, {@code file:})
 * is refused with {@link QueryDeniedException} naming the target, so that the server never becomes
 * a proxy into the network it runs in.
 *
 * <p>An endpoint map sends an allowed IRI to another address (a mirror, or a test server), while
 * queries keep the well-known IRI as a constant.
 */
public final class ServiceAllowList implements ChainingServiceExecutor {
    public static final String WIKIDATA = "https://query.wikidata.org/sparql";
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(20);

    private final Set<String> allowed;
    private final Map<String, String> endpointMap;
    private final Duration timeout;
    /** Made at the first allowed call (its TLS set-up reads the JDK's certificates: ~350 classes at a start); guarded by this. */
    private HttpClient http;

    private ServiceAllowList(Collection<String> allowed, Map<String, String> endpointMap, Duration timeout) {
        this.allowed = Set.copyOf(new LinkedHashSet<>(allowed));
        this.endpointMap = Map.copyOf(endpointMap);
        this.timeout = timeout;
        for (String from : endpointMap.keySet())
            if (!this.allowed.contains(from))
                throw new IllegalArgumentException("The endpoint map names " + from + ", which is not allowed; allow it first (--service-allow)");
    }

    private synchronized HttpClient http() {
        // No redirects: an allowed endpoint must not be able to send the server somewhere else.
        if (http == null) http = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(timeout).build();
        return http;
    }

    /** Allows exactly these endpoint IRIs; {@code endpointMap} sends some of them elsewhere. */
    public static ServiceAllowList of(Collection<String> allowed, Map<String, String> endpointMap, Duration timeout) {
        return new ServiceAllowList(allowed, endpointMap, timeout);
    }

    /** Refuses every SERVICE call. */
    public static ServiceAllowList none() {
        return new ServiceAllowList(List.of(), Map.of(), DEFAULT_TIMEOUT);
    }

    /** Parses {@code FROM=TO} entries of {@code --service-endpoint-map}. */
    public static Map<String, String> parseEndpointMap(Collection<String> entries) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String entry : entries) {
            int eq = entry.indexOf('=');
            if (eq <= 0 || eq == entry.length() - 1)
                throw new IllegalArgumentException("An endpoint map entry is FROM=TO, not '" + entry + "'");
            map.put(entry.substring(0, eq).trim(), entry.substring(eq + 1).trim());
        }
        return map;
    }

    public Set<String> allowed() {
        return allowed;
    }

    public Map<String, String> endpointMap() {
        return endpointMap;
    }

    public Duration timeout() {
        return timeout;
    }

    /** A registry in which this list decides every SERVICE call; nothing else reaches the network. */
    public ServiceExecutorRegistry registry() {
        JenaSystem.init();
        return new ServiceExecutorRegistry().addSingleLink(this);
    }

    /** Installs this list on a dataset's (or any execution's) context. */
    public void installOn(Context context) {
        ServiceExecutorRegistry.set(context, registry());
    }

    @Override
    public QueryIterator createExecution(OpService opExecute, OpService opOriginal, Binding binding,
                                         ExecutionContext execCxt, ServiceExecutor chain) {
        Node service = opExecute.getService();
        String endpoint = service.isURI() ? service.getURI() : null;
        if (endpoint == null || !allowed.contains(endpoint)) {
            // SERVICE SILENT: the refusal is an error like any other, so the pattern adds nothing.
            if (opExecute.getSilent()) return QueryIterSingleton.create(binding, execCxt);
            throw new QueryDeniedException("SERVICE " + (endpoint == null ? service + " is not an IRI" : "<" + endpoint + "> is not allowed")
                    + ": this server calls only " + (allowed.isEmpty() ? "no endpoints" : allowed.stream().sorted().toList())
                    + " (server option --service-allow)");
        }
        String target = endpointMap.getOrDefault(endpoint, endpoint);
        OpService call = new OpService(NodeFactory.createURI(target), opExecute.getSubOp(),
                opExecute.getServiceElement(), opExecute.getSilent());
        // The store's own context keeps HTTP SERVICE off; only calls that passed the list get it on.
        Context context = execCxt.getContext().copy();
        context.set(ARQ.httpServiceAllowed, true);
        context.set(ARQ.httpQueryTimeout, timeout.toMillis());
        context.set(ARQ.httpQueryClient, http());
        // As Jena's own HTTP executor does: the remote rows joined to the row that called, SILENT ignoring failures.
        try {
            return new QueryIterCommonParent(QueryIter.makeTracked(Service.exec(call, context), execCxt), binding, execCxt);
        } catch (QueryExceptionHTTP e) {
            if (opExecute.getSilent()) return QueryIterSingleton.create(binding, execCxt);
            throw e;
        }
    }
}
