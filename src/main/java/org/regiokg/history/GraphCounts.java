package org.regiokg.history;

/** Quads one change set added to and removed from one graph. */
public record GraphCounts(long added, long removed) {
    GraphCounts plus(boolean add) {
        return add ? new GraphCounts(added + 1, removed) : new GraphCounts(added, removed + 1);
    }
}
