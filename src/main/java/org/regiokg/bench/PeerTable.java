package org.regiokg.bench;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Markdown table of RegioKG against its peers at one size: p50 latencies and the ratios
 * RegioKG / peer (above 1: RegioKG slower). A peer whose rows differ is not timed; the table says so.
 */
final class PeerTable {
    private final List<TimedQuestion> questions;
    private final Map<Peer, Map<String, PeerTiming>> timings = new EnumMap<>(Peer.class);

    PeerTable(List<TimedQuestion> questions) {
        this.questions = questions;
    }

    private OxigraphPeer.Result oxigraph;

    void add(Peer peer, Map<String, PeerTiming> byQuestion) {
        timings.put(peer, byQuestion);
    }

    void add(OxigraphPeer.Result result) {
        oxigraph = result;
        add(Peer.OXIGRAPH, result.timings());
    }

    /** Rows for the load-step table: the peers' own loading (Fuseki reads the TDB2 store as it is). */
    String loadSteps() {
        if (oxigraph == null) return "";
        return String.format("| Oxigraph %s in-memory load of the store's union graph, %,d triples (peer, in Node) | %.1f s | %,.0f triples/s |%n",
                oxigraph.version(), oxigraph.triples(), oxigraph.loadSeconds(), oxigraph.triples() / oxigraph.loadSeconds());
    }

    /** Every question not timed, for the reason given (the peer failed as a whole). */
    void failed(Peer peer, String why) {
        Map<String, PeerTiming> all = new LinkedHashMap<>();
        for (TimedQuestion q : questions) all.put(q.name(), PeerTiming.notTimed("failed: " + why));
        timings.put(peer, all);
    }

    String markdown() {
        StringBuilder head = new StringBuilder("| question | RegioKG API p50 | RegioKG SPARQL p50 |");
        StringBuilder rule = new StringBuilder("| --- | --- | --- |");
        for (Peer peer : timings.keySet()) {
            String name = label(peer);
            head.append(String.format(" %s p50 | %s p99 | API / %s | SPARQL / %s |", name, name, name, name));
            rule.append(" --- | --- | --- | --- |");
        }
        StringBuilder table = new StringBuilder(head).append('\n').append(rule).append('\n');
        List<String> notes = new ArrayList<>();
        for (TimedQuestion q : questions) {
            table.append(String.format("| %s | %.1f ms | %.1f ms |", q.name(), q.apiP50(), q.sparqlP50()));
            for (var entry : timings.entrySet()) {
                PeerTiming t = entry.getValue().get(q.name());
                if (t.timed()) {
                    String runs = t.shortened() ? " (" + t.runs() + (t.runs() == 1 ? " run)" : " runs)") : "";
                    table.append(String.format(" %.1f ms%s | %.1f ms | %s | %s |",
                            t.p50Millis(), runs, t.p99Millis(), ratio(q.apiP50() / t.p50Millis()), ratio(q.sparqlP50() / t.p50Millis())));
                } else {
                    notes.add(label(entry.getKey()) + ", " + q.name() + ": " + t.problem());
                    table.append(" ").append(t.problem().startsWith("rows differ") ? "rows differ" : t.problem().startsWith("no answer") ? t.problem() : "failed")
                            .append(" | – | – | – |");
                }
            }
            table.append('\n');
        }
        if (timings.containsKey(Peer.OXIGRAPH))
            notes.add(0, "Oxigraph runs in-process (Node, in memory): its figures exclude HTTP; RegioKG's and Fuseki's include it."
                    + " \"(n runs)\": its timed runs stopped after " + oxigraph.budget().toSeconds() + " s; one run is the first, cold one.");
        if (!notes.isEmpty()) table.append('\n');
        for (String note : notes) table.append("- ").append(note).append('\n');
        return table.toString();
    }

    /** Two decimals, or two significant digits below 0.1 (a peer 200 times slower is not "0.00"). */
    private static String ratio(double r) {
        return String.format(r < 0.1 ? "%.2g" : "%.2f", r);
    }

    private static String label(Peer peer) {
        return peer == Peer.FUSEKI ? "Fuseki" : "Oxigraph";
    }
}
