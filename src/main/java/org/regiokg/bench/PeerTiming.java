package org.regiokg.bench;

import java.util.List;

/**
 * How one peer did on one question: its p50 and p99 over {@code runs} timed runs (fewer than asked
 * when the peer's time budget ran out), or why it was not timed (rows differ, failure).
 */
record PeerTiming(double p50Millis, double p99Millis, int runs, boolean shortened, String problem) {

    static PeerTiming of(List<Double> millis, int asked) {
        return new PeerTiming(LatencyProbe.percentile(millis, 50), LatencyProbe.percentile(millis, 99), millis.size(), millis.size() < asked, null);
    }

    static PeerTiming notTimed(String problem) {
        return new PeerTiming(Double.NaN, Double.NaN, 0, false, problem);
    }

    boolean timed() {
        return problem == null;
    }
}
