package org.regiokg.bench;

import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * How one face of an operation did (RegioKG's API, its raw SPARQL, a peer): the timed runs, or why
 * there are none. {@code overBudget}: a run did not finish within the operation's time budget.
 */
record Timing(List<Double> millis, boolean overBudget, String problem) {
    Timing {
        millis = List.copyOf(millis);
    }

    static Timing of(List<Double> millis) {
        return new Timing(millis, false, null);
    }

    static Timing overBudget(Duration budget) {
        return new Timing(List.of(), true, "> " + budget.toSeconds() + " s (budget)");
    }

    static Timing failed(String why) {
        return new Timing(List.of(), false, why);
    }

    boolean timed() {
        return problem == null && !millis.isEmpty();
    }

    double p50() {
        return LatencyProbe.percentile(millis, 50);
    }

    double p90() {
        return LatencyProbe.percentile(millis, 90);
    }

    int runs() {
        return millis.size();
    }

    /** For a table cell: the p50, or what stopped the timing ("> 30 s (budget)", "failed"). */
    String p50Cell() {
        if (timed()) return millis(p50());
        return overBudget ? problem : problem != null && problem.startsWith("rows differ") ? "rows differ" : "failed";
    }

    /** A time for a table cell: two decimals below 10 ms, one above. */
    static String millis(double ms) {
        return String.format(Locale.ROOT, ms < 10 ? "%.2f ms" : "%.1f ms", ms);
    }
}
