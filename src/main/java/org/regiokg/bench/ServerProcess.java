package org.regiokg.bench;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * A server in its own JVM (RegioKG by {@link ServerCommand}, or standalone Fuseki), its output in a
 * log file; ready once {@code readyPath} answers 200. Closing sends SIGTERM, so that its shutdown
 * hook closes the TDB2 store before another process opens it.
 */
final class ServerProcess implements AutoCloseable {
    private final Process process;
    private final int port;

    private ServerProcess(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    static ServerProcess start(java.util.List<String> command, Path workingDir, Path log, int port, String readyPath, Duration wait) throws Exception {
        Files.createDirectories(workingDir);
        Process p = new ProcessBuilder(command).directory(workingDir.toFile()).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        ServerProcess server = new ServerProcess(p, port);
        // Should the bench be stopped, the server goes with it (else it would hold the store's lock).
        Runtime.getRuntime().addShutdownHook(new Thread(p::destroy, "stop-" + port));
        try {
            server.await(readyPath, wait, log);
            return server;
        } catch (Exception e) {
            server.close();
            throw e;
        }
    }

    String baseUrl() {
        return "http://localhost:" + port;
    }

    private void await(String readyPath, Duration wait, Path log) throws Exception {
        LatencyProbe probe = new LatencyProbe();
        HttpRequest ready = LatencyProbe.get(baseUrl() + readyPath, "*/*", Duration.ofSeconds(10));
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            if (!process.isAlive())
                throw new IllegalStateException("the server ended at start (exit " + process.exitValue() + "), see " + log);
            try {
                if (probe.send(ready).status() == 200) return;
            } catch (RuntimeException notYet) {
                // not listening yet
            }
            if (System.nanoTime() > deadline) throw new IllegalStateException("the server did not answer " + readyPath + " within " + wait + ", see " + log);
            Thread.sleep(200);
        }
    }

    @Override
    public void close() throws InterruptedException {
        process.destroy();
        if (!process.waitFor(60, TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(30, TimeUnit.SECONDS);
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
