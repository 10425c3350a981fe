package org.regiokg.startup;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import org.apache.jena.sys.JenaSystem;

/**
 * The one place a start hands work to other threads (class preloading, question files, system queries,
 * shapes, a new store's content), so that the main thread opens the store meanwhile. Jena is initialised
 * on the submitting thread before the first task runs: Jena's and TDB2's classes initialised on two
 * threads at once deadlock on their class initialisation monitors (a serve start hung so).
 * Daemon threads, made as needed: a task never keeps the JVM alive.
 */
public final class StartupTasks {
    private static final AtomicInteger NUMBER = new AtomicInteger();
    private static final ExecutorService THREADS = Executors.newCachedThreadPool(task -> {
        Thread t = new Thread(task, "regiokg-start-" + NUMBER.incrementAndGet());
        t.setDaemon(true);
        return t;
    });
    private static volatile boolean jenaReady;

    private StartupTasks() {}

    /** The executor, for CompletableFuture's async methods; Jena is initialised by the time it is returned. */
    public static Executor executor() {
        if (!jenaReady) {
            JenaSystem.init();
            jenaReady = true;
        }
        return THREADS;
    }

    public static CompletableFuture<Void> run(Runnable task) {
        return CompletableFuture.runAsync(task, executor());
    }

    /**
     * For work that initialises no class and touches no Jena object (ClassPreload: {@code Class.forName}
     * without initialising): it runs before Jena's initialisation, which finds the classes loaded.
     * Initialising Jena first here cost half of a start's main thread (JFR, load 19).
     */
    public static CompletableFuture<Void> runBeforeJena(Runnable task) {
        return CompletableFuture.runAsync(task, THREADS);
    }

    public static <T> CompletableFuture<T> supply(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, executor());
    }

    /** The result of a task, its own exception rethrown as it was (not wrapped). */
    public static <T> T joined(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) throw r;
            if (e.getCause() instanceof Error err) throw err;
            throw e;
        }
    }
}
