package org.regiokg.reliability;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.regiokg.server.RegioServer;
import org.regiokg.testing.TestServer;

/**
 * {@code regiokg serve} as a separate process (the test's class path, {@code org.regiokg.cli.Main}),
 * so that it can be killed with SIGKILL, and its CPU time and memory read from outside.
 */
final class ServeProcess implements AutoCloseable {
    static final String PASSWORD = "reliability-secret";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    final Process process;
    final int port;
    final Path log;

    private ServeProcess(Process process, int port, Path log) {
        this.process = process;
        this.port = port;
        this.log = log;
    }

    /** Starts serve over the store folder (or --memory when null) with the given extra options, and waits for /api/health. */
    static ServeProcess start(Path storeDir, Path baseDir, Path log, String heap, String... options) throws Exception {
        int port;
        try (var socket = new java.net.ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java, heap, "-cp", System.getProperty("java.class.path"), "org.regiokg.cli.Main",
                "serve", "--port", Integer.toString(port), "--base-dir", baseDir.toString()));
        if (storeDir == null) command.add("--memory");
        else command.addAll(List.of("--store", storeDir.toString()));
        command.addAll(Arrays.asList(options));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        pb.environment().put("REGIOKG_ADMIN_PASSWORD", PASSWORD);
        pb.redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
        ServeProcess serve = new ServeProcess(pb.start(), port, log);
        serve.waitForHealth();
        return serve;
    }

    private void waitForHealth() throws Exception {
        HttpRequest health = HttpRequest.newBuilder(uri("/api/health")).timeout(Duration.ofSeconds(2)).build();
        long deadline = System.nanoTime() + Duration.ofSeconds(120).toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) throw new AssertionError("serve exited: " + Files.readString(log));
            try {
                if (HTTP.send(health, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) return;
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new AssertionError("serve did not answer /api/health within 120 s");
    }

    URI uri(String pathAndQuery) {
        return URI.create("http://localhost:" + port + pathAndQuery);
    }

    static String basic() {
        return "Basic " + Base64.getEncoder().encodeToString((RegioServer.ADMIN_USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return HTTP.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    HttpResponse<String> update(String update) throws Exception {
        return send(HttpRequest.newBuilder(uri("/kg/update")).header("Authorization", basic())
                .header("Content-Type", "application/sparql-update").POST(HttpRequest.BodyPublishers.ofString(update)).build());
    }

    /** The whole dataset as the server exports it (N-Quads, lines sorted), hashed: the state a restart must show. */
    String stateHash() throws Exception {
        HttpResponse<String> r = send(HttpRequest.newBuilder(uri("/kg/data")).header("Authorization", basic())
                .header("Accept", "application/n-quads").timeout(Duration.ofSeconds(120)).GET().build());
        if (r.statusCode() != 200) throw new AssertionError("export: " + r.statusCode() + " " + r.body());
        String[] lines = r.body().split("\n");
        Arrays.sort(lines);
        var sha = java.security.MessageDigest.getInstance("SHA-256");
        for (String line : lines) sha.update((line + "\n").getBytes(StandardCharsets.UTF_8));
        return lines.length + " quads, sha256 " + HexFormat.of().formatHex(sha.digest());
    }

    long pid() {
        return process.pid();
    }

    /** CPU time (user + system) the process has used, in milliseconds, from /proc. */
    long cpuMillis() throws IOException {
        String stat = Files.readString(Path.of("/proc/" + pid() + "/stat"));
        String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
        long ticks = Long.parseLong(f[11]) + Long.parseLong(f[12]);
        return ticks * 10; // USER_HZ is 100 on Linux
    }

    /** Resident memory of the process in MB, from /proc. */
    long residentMb() throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/" + pid() + "/status")))
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("\\D", "")) / 1024;
        return -1;
    }

    /** The heap in use after a full GC, in MB, by jcmd (GC.run, then GC.heap_info). */
    long heapAfterGcMb() throws Exception {
        String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
        new ProcessBuilder(jcmd, Long.toString(pid()), "GC.run").redirectErrorStream(true).start().waitFor(60, TimeUnit.SECONDS);
        Process info = new ProcessBuilder(jcmd, Long.toString(pid()), "GC.heap_info").redirectErrorStream(true).start();
        String text = new String(info.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        info.waitFor(60, TimeUnit.SECONDS);
        var m = java.util.regex.Pattern.compile("used (\\d+)K").matcher(text);
        return m.find() ? Long.parseLong(m.group(1)) / 1024 : -1;
    }

    /** SIGKILL: no shutdown hook, no flush, no closing of the store. */
    void kill9() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() throws InterruptedException {
        if (!process.isAlive()) return;
        process.destroy();
        if (!process.waitFor(30, TimeUnit.SECONDS)) kill9();
    }

    /** The project's base folder, for --base-dir. */
    static Path project() {
        return TestServer.PROJECT;
    }
}
