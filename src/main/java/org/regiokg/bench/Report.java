package org.regiokg.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

/**
 * The bench's findings at one size: its load steps and a table of every operation (p50, p90,
 * requests timed, rows and bytes, ratios to raw SPARQL and to each peer), as Markdown for
 * BENCHMARKS.md and as JSON for machines.
 */
record Report(long organisations, long seed, long quads, Duration budget, int requests, Set<Peer> peers,
              List<LoadStep> loadSteps, List<OperationResult> operations) {

    /** One step of making the store: how long, and how many things (quads, rows) per second. */
    record LoadStep(String step, double seconds, long count, String unit) {}

    String markdown() {
        StringBuilder md = new StringBuilder();
        md.append(String.format(Locale.ROOT, "%n## %,d organisations (%,d quads, seed %d)%n%n", organisations, quads, seed));
        md.append("| load step | time | rate |\n| --- | --- | --- |\n");
        for (LoadStep s : loadSteps)
            md.append(String.format(Locale.ROOT, "| %s | %.1f s | %s |%n", s.step(), s.seconds(),
                    s.count() > 0 ? String.format(Locale.ROOT, "%,.0f %s/s", s.count() / s.seconds(), s.unit()) : "–"));
        md.append(String.format(Locale.ROOT, "%nEvery operation: p50 and p90 warm over the requests timed (at most %d, within a budget of %d s per face;"
                + " a single answer slower than that is \"> budget\"), answer cache bypassed; rows of the page answered, bytes of the answer."
                + " Ratios at p50 (above 1: RegioKG's API slower).%n%n", requests, budget.toSeconds()));
        StringBuilder head = new StringBuilder("| group | operation | p50 | p90 | timed | rows | bytes | SPARQL p50 | API / SPARQL |");
        StringBuilder rule = new StringBuilder("| --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (Peer p : peers) {
            head.append(' ').append(p.label()).append(" p50 | API / ").append(p.label()).append(" |");
            rule.append(" --- | --- |");
        }
        md.append(head).append('\n').append(rule).append('\n');
        List<String> notes = new ArrayList<>();
        for (OperationResult r : operations) {
            Operation op = r.operation();
            r.notes().forEach(n -> notes.add(op.name() + ": " + n));
            if (r.skipped()) {
                md.append(String.format("| %s | %s | skipped | | | | | | |%s%n", op.group(), op.name(), " |".repeat(2 * peers.size())));
                continue;
            }
            Timing api = r.api();
            md.append(String.format(Locale.ROOT, "| %s | %s | %s | %s | %d | %s | %,d | %s | %s |", op.group(), op.name(), api.p50Cell(),
                    api.timed() ? Timing.millis(api.p90()) : "–", api.runs(), r.rows() == null ? "–" : r.rows().toString(), r.bytes(),
                    r.sparql() == null ? "–" : r.sparql().p50Cell(), ratio(api, r.sparql())));
            for (Peer p : peers) {
                Timing t = r.peers().get(p);
                if (t != null && t.problem() != null && !t.overBudget()) notes.add(op.name() + ", " + p.label() + ": " + t.problem());
                md.append(' ').append(t == null ? "–" : t.p50Cell()).append(" | ").append(ratio(api, t)).append(" |");
            }
            md.append('\n');
        }
        if (peers.contains(Peer.OXIGRAPH))
            notes.add(0, "Oxigraph runs in-process (Node, in memory): its figures exclude HTTP; RegioKG's and Fuseki's include it.");
        if (!notes.isEmpty()) md.append('\n');
        for (String n : notes) md.append("- ").append(n).append('\n');
        return md.toString();
    }

    void writeJson(Path file) throws IOException {
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("organisations", organisations);
        root.put("seed", seed);
        root.put("quads", quads);
        root.put("budgetSeconds", budget.toSeconds());
        root.put("requests", requests);
        root.put("loadSteps", loadSteps);
        List<Map<String, Object>> ops = new ArrayList<>();
        for (OperationResult r : operations) {
            Map<String, Object> o = new LinkedHashMap<>();
            o.put("name", r.operation().name());
            o.put("group", r.operation().group());
            o.put("request", r.operation().request());
            o.put("arguments", r.operation().isQuestion() ? r.operation().args() : r.operation().params());
            o.put("skipped", r.skipped());
            if (!r.skipped()) {
                o.put("rows", r.rows());
                o.put("bytes", r.bytes());
                o.put("api", json(r.api()));
                if (r.sparql() != null) o.put("sparql", json(r.sparql()));
                Map<String, Object> peerTimings = new LinkedHashMap<>();
                r.peers().forEach((p, t) -> peerTimings.put(p.name().toLowerCase(Locale.ROOT), json(t)));
                if (!peerTimings.isEmpty()) o.put("peers", peerTimings);
            }
            o.put("notes", r.notes());
            ops.add(o);
        }
        root.put("operations", ops);
        new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), root);
    }

    private static Map<String, Object> json(Timing t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("timed", t.runs());
        if (t.timed()) {
            m.put("p50Millis", round(t.p50()));
            m.put("p90Millis", round(t.p90()));
        }
        m.put("overBudget", t.overBudget());
        if (t.problem() != null) m.put("problem", t.problem());
        return m;
    }

    private static double round(double v) {
        return Math.round(v * 100) / 100.0;
    }

    /** API p50 / other p50: two decimals, or two significant digits below 0.1; "–" where either is missing. */
    static String ratio(Timing api, Timing other) {
        if (api == null || other == null || !api.timed() || !other.timed()) return "–";
        double r = api.p50() / other.p50();
        return String.format(Locale.ROOT, r < 0.1 ? "%.2g" : "%.2f", r);
    }
}
