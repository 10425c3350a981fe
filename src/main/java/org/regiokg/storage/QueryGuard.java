package org.regiokg.storage;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;

import org.apache.jena.query.ARQ;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.engine.Plan;
import org.apache.jena.sparql.engine.QueryEngineFactory;
import org.apache.jena.sparql.engine.QueryEngineRegistry;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.util.Context;
import org.apache.jena.sparql.util.Symbol;
import org.apache.jena.sys.JenaSystem;

/**
 * Stops every query at its time limit ({@code ARQ.queryTimeout} of the dataset) and when the HTTP
 * client that asked for it has gone, whoever runs it (Fuseki's endpoint, a stored question,
 * reconciliation, a page).
 *
 * <p>Why not Jena's own timeout alone: its alarm sets the query's cancel signal only while holding
 * the lock under which the query builds its plan, and building the plan already evaluates eager
 * operators (the build side of a hash join, a GROUP BY below it). Such a query holds the lock until
 * it is done, minutes later, and Jena's single alarm thread waits for it, so every other query's
 * timeout waits too. Here the signal is set from a thread of our own, without that lock; the
 * iterators check it on every row.
 *
 * <p>Installed as the first query engine factory: it arms the watch and hands the query on to the
 * engine that would have run it anyway (TDB2's).
 */
public final class QueryGuard implements QueryEngineFactory {
    private static final QueryGuard INSTANCE = new QueryGuard();
    private static final Symbol ARMED = Symbol.create("https://w3id.org/regiokg/def/sys#queryGuardArmed");
    private static final long TICK_MS = 100;
    private static final ScheduledExecutorService WATCH = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "regiokg-query-guard");
        t.setDaemon(true);
        return t;
    });
    private static final ThreadLocal<Request> REQUEST = new ThreadLocal<>();
    private static boolean installed;

    private QueryGuard() {}

    /** Puts the guard in front of the other query engines (once per process). */
    public static synchronized void install() {
        if (!installed) JenaSystem.init();
        installed = true;
        // Again first when an engine came in ahead since (remote mode's, org.regiokg.remote): it must be armed too.
        if (QueryEngineRegistry.get().factories().get(0) == INSTANCE) return;
        QueryEngineRegistry.removeFactory(INSTANCE);
        QueryEngineRegistry.addFactory(INSTANCE);
    }

    /**
     * The request the current thread serves: its queries stop when {@code clientGone} says so, and
     * all of them together within one time limit from now. Close it when the request is answered.
     */
    public static Request request(BooleanSupplier clientGone) {
        Request r = new Request(System.nanoTime(), clientGone, REQUEST.get());
        REQUEST.set(r);
        return r;
    }

    /** An HTTP request's scope: when it began, how to tell its client has gone, whether it is done. */
    public static final class Request implements AutoCloseable {
        final long startNanos;
        final BooleanSupplier clientGone;
        final Request outer;
        volatile boolean done;

        private Request(long startNanos, BooleanSupplier clientGone, Request outer) {
            this.startNanos = startNanos;
            this.clientGone = clientGone;
            this.outer = outer;
        }

        boolean gone() {
            try {
                return !done && clientGone.getAsBoolean();
            } catch (RuntimeException e) {
                return false;
            }
        }

        @Override
        public void close() {
            done = true;
            if (outer == null) REQUEST.remove();
            else REQUEST.set(outer);
        }
    }

    /** The time limit of a query in milliseconds ("N" or "first,overall" as ARQ takes it); 0 for none. */
    static long limitMillis(Context context) {
        Object v = context.get(ARQ.queryTimeout);
        if (v == null) return 0;
        String s = v.toString().trim();
        int comma = s.indexOf(',');
        try {
            if (comma < 0) return Math.max(0, (long) Double.parseDouble(s));
            long first = (long) Double.parseDouble(s.substring(0, comma).trim());
            long overall = (long) Double.parseDouble(s.substring(comma + 1).trim());
            return overall > 0 ? overall : Math.max(0, first);
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    private static void arm(Context context) {
        if (context == null || context.isTrue(ARMED)) return;
        AtomicBoolean signal = Context.getCancelSignal(context);
        if (signal == null) return;
        context.set(ARMED, true);
        long limit = limitMillis(context);
        Request request = REQUEST.get();
        if (limit <= 0 && request == null) return;
        long now = System.nanoTime();
        long deadline = limit <= 0 ? Long.MAX_VALUE
                : Math.min(now, request == null ? now : request.startNanos) + TimeUnit.MILLISECONDS.toNanos(limit);
        if (request == null) {
            WATCH.schedule(() -> signal.set(true), deadline - now, TimeUnit.NANOSECONDS);
            return;
        }
        if (deadline <= now) {
            signal.set(true);
            return;
        }
        // Watched every tick while the request lasts: its deadline, and whether its client is still there.
        ScheduledFuture<?>[] task = new ScheduledFuture<?>[1];
        Runnable watch = () -> {
            if (signal.get() || request.done) {
                task[0].cancel(false);
            } else if (System.nanoTime() >= deadline || request.gone()) {
                signal.set(true);
                task[0].cancel(false);
            }
        };
        synchronized (task) {
            task[0] = WATCH.scheduleWithFixedDelay(() -> { synchronized (task) { watch.run(); } }, TICK_MS, TICK_MS, TimeUnit.MILLISECONDS);
        }
    }

    private QueryEngineFactory next(Query query, DatasetGraph dataset, Context context) {
        for (QueryEngineFactory f : QueryEngineRegistry.get().factories())
            if (f != this && f.accept(query, dataset, context)) return f;
        return null;
    }

    private QueryEngineFactory next(Op op, DatasetGraph dataset, Context context) {
        for (QueryEngineFactory f : QueryEngineRegistry.get().factories())
            if (f != this && f.accept(op, dataset, context)) return f;
        return null;
    }

    @Override
    public boolean accept(Query query, DatasetGraph dataset, Context context) {
        return next(query, dataset, context) != null;
    }

    @Override
    public Plan create(Query query, DatasetGraph dataset, Binding inputBinding, Context context) {
        arm(context);
        return next(query, dataset, context).create(query, dataset, inputBinding, context);
    }

    @Override
    public boolean accept(Op op, DatasetGraph dataset, Context context) {
        return next(op, dataset, context) != null;
    }

    @Override
    public Plan create(Op op, DatasetGraph dataset, Binding inputBinding, Context context) {
        arm(context);
        return next(op, dataset, context).create(op, dataset, inputBinding, context);
    }
}
