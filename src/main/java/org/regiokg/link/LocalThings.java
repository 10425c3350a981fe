package org.regiokg.link;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.system.Txn;
import org.regiokg.sparql.SparqlFile;

/** Reads from the graph the things of one kind that have no owl:sameAs to Wikidata yet. */
public final class LocalThings {
    private static final SparqlFile UNLINKED = SparqlFile.resource(LocalThings.class, "local-unlinked.rq");
    private static final SparqlFile FACTS = SparqlFile.resource(LocalThings.class, "local-facts.rq");
    private static final SparqlFile SEAT = SparqlFile.resource(LocalThings.class, "local-seat.rq");
    private static final SparqlFile WITHIN = SparqlFile.resource(LocalThings.class, "local-within.rq");
    private static final SparqlFile CONTAINER = SparqlFile.resource(LocalThings.class, "local-container.rq");

    private final DatasetGraph dataset;

    public LocalThings(DatasetGraph dataset) {
        this.dataset = dataset;
    }

    public List<LocalThing> unlinked(LinkKind kind) {
        return Txn.calculateRead(dataset, () -> {
            List<LocalThing> things = new ArrayList<>();
            select(UNLINKED, "kindClass", NodeFactory.createURI(kind.regioClass()))
                    .forEach(b -> things.add(describe(b.get("thing"), kind)));
            return things;
        });
    }

    private LocalThing describe(Node thing, LinkKind kind) {
        List<LocalThing.Label> labels = new ArrayList<>();
        Optional<String> key = Optional.empty();
        Optional<String> nuts = Optional.empty();
        for (Binding b : select(FACTS, "thing", thing)) {
            if (b.contains("label"))
                labels.add(new LocalThing.Label(b.get("label").getLiteralLexicalForm(), b.get("label").getLiteralLanguage()));
            if (b.contains("key")) key = Optional.of(b.get("key").getLiteralLexicalForm());
            if (b.contains("nuts")) nuts = Optional.of(b.get("nuts").getLiteralLexicalForm());
        }
        labels.sort(Comparator.comparing((LocalThing.Label l) -> !l.lang().equals("de")).thenComparing(LocalThing.Label::text));
        return new LocalThing(thing.getURI(), kind, List.copyOf(labels), key, nuts, containers(thing, kind));
    }

    /** Breadth first up geo:sfWithin, so that each container gets its shortest distance. */
    private List<LocalThing.Container> containers(Node thing, LinkKind kind) {
        List<LocalThing.Container> found = new ArrayList<>();
        Set<Node> seen = new HashSet<>();
        Deque<Node> level = new ArrayDeque<>();
        for (Binding b : select(kind == LinkKind.PLACE ? WITHIN : SEAT, "thing", thing)) level.add(b.get("c"));
        for (int depth = 0; !level.isEmpty() && depth < 10; depth++) {
            Deque<Node> next = new ArrayDeque<>();
            for (Node c : level) {
                if (!c.isURI() || !seen.add(c)) continue;
                String label = c.getURI();
                Optional<String> wikidata = Optional.empty();
                for (Binding b : select(CONTAINER, "thing", c)) {
                    if (b.contains("up")) next.add(b.get("up"));
                    if (b.contains("label")) label = b.get("label").getLiteralLexicalForm();
                    if (b.contains("wikidata")) wikidata = Optional.of(b.get("wikidata").getURI());
                }
                found.add(new LocalThing.Container(c.getURI(), label, wikidata, depth));
            }
            level = next;
        }
        return List.copyOf(found);
    }

    private List<Binding> select(SparqlFile query, String var, Node value) {
        return query.select(dataset, Map.of(var, value));
    }
}
