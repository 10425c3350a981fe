package org.regiokg.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/** Times HTTP requests: latency percentiles one at a time, throughput with several clients. */
final class LatencyProbe {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    record Stats(double p50Millis, double p99Millis, double requestsPerSecond) {}

    HttpResponse<String> send(HttpRequest request) {
        try {
            HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200)
                throw new IllegalStateException(request.uri() + " answered " + r.statusCode() + ": " + r.body());
            return r;
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpRequest get(String url, String accept) {
        return HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).timeout(Duration.ofMinutes(5)).GET().build();
    }

    /** The same request, but past the API's answer cache: the query runs every time. */
    static HttpRequest uncached(HttpRequest request) {
        return HttpRequest.newBuilder(request, (name, value) -> true).header("Cache-Control", "no-cache").build();
    }

    /** Latencies of {@code n} requests, one after the other (after {@code warmup} untimed ones). */
    List<Double> latencies(HttpRequest request, int warmup, int n) {
        for (int i = 0; i < warmup; i++) send(request);
        List<Double> millis = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            long t = System.nanoTime();
            send(request);
            millis.add((System.nanoTime() - t) / 1e6);
        }
        return millis;
    }

    /** Requests per second with {@code clients} clients sending {@code perClient} requests each. */
    double throughput(HttpRequest request, int clients, int perClient) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            long t = System.nanoTime();
            List<Future<?>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) done.add(pool.submit(() -> {
                for (int i = 0; i < perClient; i++) send(request);
            }));
            for (Future<?> f : done) f.get();
            return clients * perClient / ((System.nanoTime() - t) / 1e9);
        } finally {
            pool.shutdownNow();
        }
    }

    static double percentile(List<Double> values, double p) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }
}
