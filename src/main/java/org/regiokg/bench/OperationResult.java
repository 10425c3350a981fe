package org.regiokg.bench;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * What the bench found for one operation at one size: RegioKG's API face, the same SPARQL on
 * {@code /kg/sparql} (questions only, else null), the rows of the answer's page (questions) and its
 * size in bytes, the peers' timings (filled in once the peers ran), and notes (why a face is missing).
 * {@code api} is null for an operation that was skipped.
 */
record OperationResult(Operation operation, Timing api, Timing sparql, Integer rows, long bytes, List<String> notes, Map<Peer, Timing> peers) {

    static OperationResult of(Operation operation, Timing api, Timing sparql, Integer rows, long bytes, List<String> notes) {
        return new OperationResult(operation, api, sparql, rows, bytes, List.copyOf(notes), new EnumMap<>(Peer.class));
    }

    static OperationResult skipped(Operation operation, String why) {
        return of(operation, null, null, null, 0, List.of(why));
    }

    boolean skipped() {
        return api == null;
    }
}
