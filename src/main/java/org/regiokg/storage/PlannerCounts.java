package org.regiokg.storage;

import java.io.IOException;
import java.io.OutputStream;
import java.lang.reflect.Constructor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

import org.apache.jena.graph.Node;
import org.apache.jena.rdfpatch.RDFPatch;
import org.apache.jena.rdfpatch.changes.RDFChangesBase;
import org.apache.jena.sparql.sse.Item;
import org.apache.jena.sparql.sse.SSE;
import org.apache.jena.tdb2.solver.stats.Stats;
import org.apache.jena.tdb2.solver.stats.StatsResults;
import org.apache.jena.vocabulary.RDF;

/**
 * What TDB2's planner weighs a query's patterns by (its statistics file, {@link PlannerStatistics}):
 * statements per predicate, things per class, statements in all. Gathered once from the indexes,
 * then moved by each write's change set, so that after an import into a store of 10^6
 * organisations the planner knows of it in the time the import's patch takes to read (2 s for 578,000
 * changed quads), not the time a recount of 32 million quads takes (3 s quiet, minutes under load,
 * and never for a write under 1 % of the store before). A change set counts quads, a gathering distinct
 * triples of the union graph: a statement that two graphs make counts twice until the next gathering
 * (a weight, not an answer; the planner only compares them).
 */
final class PlannerCounts {
    private static final Node TYPE = RDF.type.asNode();
    private final Map<Node, Long> predicates;
    private final Map<Node, Long> types;
    private long count;

    private PlannerCounts(Map<Node, Long> predicates, Map<Node, Long> types, long count) {
        this.predicates = new HashMap<>(predicates);
        this.types = new HashMap<>(types);
        this.count = count;
    }

    static PlannerCounts of(StatsResults results) {
        return new PlannerCounts(results.getPredicates(), results.getTypes(), results.getCount());
    }

    /** The counts of a statistics file TDB2 can read; empty when it cannot be read. */
    static Optional<PlannerCounts> read(Path file) {
        try {
            Map<Node, Long> predicates = new HashMap<>(), types = new HashMap<>();
            long count = -1;
            for (Item entry : SSE.readFile(file.toString()).getList()) {
                if (entry.isTagged("meta")) {
                    for (Item pair : entry.getList())
                        if (pair.isList() && pair.getList().size() == 2 && pair.getList().get(0).isSymbol("count"))
                            count = number(pair.getList().get(1));
                } else if (entry.isList() && entry.getList().size() == 2) {
                    Item key = entry.getList().get(0);
                    long n = number(entry.getList().get(1));
                    if (key.isNode() && key.getNode().isURI()) predicates.put(key.getNode(), n);
                    else if (key.isList() && key.getList().size() == 3 && key.getList().get(2).isNode()) types.put(key.getList().get(2).getNode(), n);
                }
            }
            return count < 0 ? Optional.empty() : Optional.of(new PlannerCounts(predicates, types, count));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    private static long number(Item item) {
        return Long.parseLong(item.getNode().getLiteralLexicalForm());
    }

    PlannerCounts copy() {
        return new PlannerCounts(predicates, types, count);
    }

    /** Moves the counts by what {@code patch} adds and deletes. */
    void apply(RDFPatch patch) {
        patch.apply(new RDFChangesBase() {
            @Override
            public void add(Node g, Node s, Node p, Node o) {
                move(p, o, 1);
            }

            @Override
            public void delete(Node g, Node s, Node p, Node o) {
                move(p, o, -1);
            }
        });
    }

    private void move(Node p, Node o, long by) {
        count = Math.max(0, count + by);
        predicates.merge(p, by, (a, b) -> a + b > 0 ? a + b : null);
        if (TYPE.equals(p)) types.merge(o, by, (a, b) -> a + b > 0 ? a + b : null);
    }

    long count() {
        return count;
    }

    long predicate(Node p) {
        return predicates.getOrDefault(p, 0L);
    }

    /** Writes the counts as TDB2's statistics file. */
    void write(Path file) throws IOException {
        try (OutputStream out = Files.newOutputStream(file)) {
            Stats.write(out, results());
        }
    }

    /** TDB2 makes its results only from a gathering (the constructor is package-private); its writer takes nothing else. */
    private StatsResults results() {
        try {
            Constructor<StatsResults> c = StatsResults.class.getDeclaredConstructor(Map.class, Map.class, long.class);
            c.setAccessible(true);
            return c.newInstance(predicates, types, count);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("TDB2's StatsResults changed: " + e, e);
        }
    }
}
