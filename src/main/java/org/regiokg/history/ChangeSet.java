package org.regiokg.history;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalLong;

import org.regiokg.vocab.Vocabulary;

/**
 * The summary of one recorded write: its sequence number (the data's version after it), when, who,
 * through what and why, and per graph what it added and removed. Graphs under {@code graph/derived/}
 * hold what the rules derived from the write; {@link #derived()} says so apart.
 *
 * @param reverts  the change set this one reverted, if it is a revert
 * @param bytes    the size of its RDF Patch
 * @param itemised whether the patch lists its quads; a rebuild of the derived graphs when a store opens
 *                 (after TDB2's bulk loader or a changed rule) only counts them: at 10^6 organisations
 *                 the list would be gigabytes of facts that the rules give again from the source facts
 */
public record ChangeSet(long sequence, Instant created, Attribution by, Map<String, GraphCounts> graphs,
                        OptionalLong reverts, long bytes, boolean itemised) {
    public ChangeSet {
        graphs = Map.copyOf(graphs);
    }

    public ChangeSet(long sequence, Instant created, Attribution by, Map<String, GraphCounts> graphs, OptionalLong reverts, long bytes) {
        this(sequence, created, by, graphs, reverts, bytes, true);
    }

    /** Sequence, time and attribution: how the feed and the summary beside the patch both begin. */
    public Map<String, Object> heading() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("sequence", sequence);
        m.put("created", created.toString());
        m.put("who", by.who());
        m.put("via", by.via());
        m.put("why", by.why());
        reverts.ifPresent(r -> m.put("reverts", r));
        if (!itemised) m.put("itemised", false);
        return m;
    }

    public long added() {
        return graphs.values().stream().mapToLong(GraphCounts::added).sum();
    }

    public long removed() {
        return graphs.values().stream().mapToLong(GraphCounts::removed).sum();
    }

    /** Added and removed quads in the rules' graphs: what the write caused rather than stated. */
    public GraphCounts derived() {
        long a = 0, r = 0;
        for (var e : graphs.entrySet())
            if (Vocabulary.isDerivedGraph(e.getKey())) {
                a += e.getValue().added();
                r += e.getValue().removed();
            }
        return new GraphCounts(a, r);
    }
}
