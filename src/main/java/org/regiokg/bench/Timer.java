package org.regiokg.bench;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Times the faces of one operation (e.g. the API and the same SPARQL on {@code /kg/sparql}) in
 * interleaved rounds, so that noise on the shared machine falls on all alike, within a time budget
 * per face: a first answer slower than the budget is reported as over it, and the timed runs stop
 * when the budget is spent (at least one each).
 */
final class Timer {
    private final LatencyProbe probe;
    private final int requests;
    private final Duration budget;

    Timer(LatencyProbe probe, int requests, Duration budget) {
        this.probe = probe;
        this.requests = requests;
        this.budget = budget;
    }

    /**
     * Checks and times each question's SPARQL on a peer's endpoint, keyed by question name. The first
     * answer (capped by the budget) gives the rows, checked against RegioKG's; the timing warms up after it.
     */
    Map<String, Timing> timeSparql(String endpoint, List<TimedQuestion> questions) throws IOException {
        ObjectMapper json = new ObjectMapper();
        Map<String, Timing> timings = new LinkedHashMap<>();
        for (TimedQuestion q : questions) {
            HttpRequest request = LatencyProbe.post(endpoint, Map.of("query", q.sparql()), "application/sparql-results+json", budget.plusSeconds(5));
            LatencyProbe.Reply first = probe.send(request);
            Timing failed = outcome(first);
            if (failed != null) {
                timings.put(q.name(), failed);
                continue;
            }
            String difference = q.differenceFrom(TimedQuestion.rows(json.readTree(first.body()), q.vars()));
            timings.put(q.name(), difference != null ? Timing.failed("rows differ: " + difference) : time(List.of(request), List.of(first)).get(0));
        }
        return timings;
    }

    /** {@code first}: each face's first reply (already sent, e.g. to check its rows). */
    List<Timing> time(List<HttpRequest> faces, List<LatencyProbe.Reply> first) {
        int n = faces.size();
        Timing[] result = new Timing[n];
        List<List<Double>> millis = new ArrayList<>();
        double firstMillis = 0;
        for (int i = 0; i < n; i++) {
            millis.add(new ArrayList<>());
            result[i] = outcome(first.get(i));
            if (result[i] == null) firstMillis += first.get(i).millis();
        }
        // A warm-up of a tenth of the timed requests (none for a smoke run of a few).
        int warmup = requests < 5 ? 0 : Math.max(1, requests / 10);
        long budgetNanos = budget.toNanos() * n;
        // No warm-up when it would not leave time for the timed runs (the first answers warmed up).
        if ((warmup + requests) * firstMillis * 1e6 <= budgetNanos)
            for (int w = 0; w < warmup; w++)
                for (int i = 0; i < n; i++)
                    if (result[i] == null) result[i] = outcome(probe.send(faces.get(i)));
        long deadline = System.nanoTime() + budgetNanos;
        for (int round = 0; round < requests && (round == 0 || System.nanoTime() < deadline); round++) {
            for (int k = 0; k < n; k++) {
                // Each round in the other order: what one request leaves behind falls on every face alike.
                int i = round % 2 == 0 ? k : n - 1 - k;
                if (result[i] != null) continue;
                LatencyProbe.Reply r = probe.send(faces.get(i));
                result[i] = outcome(r);
                if (result[i] == null) millis.get(i).add(r.millis());
            }
        }
        List<Timing> timings = new ArrayList<>();
        for (int i = 0; i < n; i++) timings.add(result[i] != null ? result[i] : Timing.of(millis.get(i)));
        return timings;
    }

    /** Null for a good answer; otherwise the end of this face's timing. */
    Timing outcome(LatencyProbe.Reply r) {
        if (r.overBudget()) return Timing.overBudget(budget);
        if (!r.ok()) return Timing.failed("HTTP " + r.status() + ": " + abbreviate(r.text()));
        return null;
    }

    static String abbreviate(String s) {
        String one = s.replaceAll("\\s+", " ").strip();
        return one.length() <= 200 ? one : one.substring(0, 200) + "…";
    }
}
