package org.regiokg.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** Sends HTTP requests and times them; a request past its time limit is an answer too ("over budget"). */
final class LatencyProbe {
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /**
     * One answer: how long it took, its status and body. {@code overBudget}: the client stopped
     * waiting at the request's time limit, or the server ended the query at its own (503).
     */
    record Reply(double millis, int status, byte[] body, boolean overBudget) {
        boolean ok() {
            return status == 200;
        }

        String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    Reply send(HttpRequest request) {
        long t = System.nanoTime();
        try {
            HttpResponse<byte[]> r = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            return new Reply(millisSince(t), r.statusCode(), r.body(), r.statusCode() == 503);
        } catch (HttpTimeoutException e) {
            return new Reply(millisSince(t), 0, new byte[0], true);
        } catch (IOException e) {
            throw new UncheckedIOException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    static HttpRequest get(String url, String accept, Duration limit) {
        return HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).timeout(limit).GET().build();
    }

    /** A form POST ({@code application/x-www-form-urlencoded}), as OpenRefine and SPARQL clients send. */
    static HttpRequest post(String url, Map<String, String> form, String accept, Duration limit) {
        return HttpRequest.newBuilder(URI.create(url)).header("Accept", accept).header("Content-Type", "application/x-www-form-urlencoded")
                .timeout(limit).POST(HttpRequest.BodyPublishers.ofString(query(form))).build();
    }

    /** The same request, but past the API's answer cache: the query runs every time. */
    static HttpRequest uncached(HttpRequest request) {
        return HttpRequest.newBuilder(request, (name, value) -> true).header("Cache-Control", "no-cache").build();
    }

    /** {@code k=v&...}, URL-encoded. */
    static String query(Map<String, String> values) {
        return values.entrySet().stream().map(e -> enc(e.getKey()) + "=" + enc(e.getValue())).collect(Collectors.joining("&"));
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    /** The p-th percentile (nearest rank) of {@code values}; NaN for none. */
    static double percentile(List<Double> values, double p) {
        if (values.isEmpty()) return Double.NaN;
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int index = (int) Math.ceil(p / 100.0 * sorted.size()) - 1;
        return sorted.get(Math.max(0, Math.min(sorted.size() - 1, index)));
    }

    private static double millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e6;
    }
}
