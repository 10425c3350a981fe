package org.regiokg.link;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.system.Txn;

/** Reads from the graph the things of one kind that have no owl:sameAs to Wikidata yet. */
public final class LocalThings {
    private static final String PREFIXES = """
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            PREFIX owl:  <http://www.w3.org/2002/07/owl#>
            PREFIX org:  <http://www.w3.org/ns/org#>
            PREFIX geo:  <http://www.opengis.net/ont/geosparql#>
            PREFIX rkg:  <https://w3id.org/regiokg/def#>
            """;
    private static final Query UNLINKED = QueryFactory.create(PREFIXES + """
            SELECT DISTINCT ?thing WHERE {
              ?thing a ?class . ?class rdfs:subClassOf* ?kindClass .
              FILTER(STRSTARTS(STR(?thing), "https://w3id.org/regiokg/id/"))
              FILTER NOT EXISTS { ?thing owl:sameAs ?w FILTER(STRSTARTS(STR(?w), "http://www.wikidata.org/entity/")) }
            } ORDER BY ?thing
            """);
    private static final Query FACTS = QueryFactory.create(PREFIXES + """
            SELECT ?label ?key ?nuts WHERE {
              { ?thing rdfs:label ?label FILTER(LANG(?label) IN ("de", "en", "")) }
              UNION { ?thing rkg:officialKey ?key } UNION { ?thing rkg:nutsCode ?nuts }
            }
            """);
    private static final Query SEAT = QueryFactory.create(PREFIXES + """
            SELECT DISTINCT ?c WHERE { ?thing org:hasPrimarySite/geo:sfWithin ?c }
            """);
    private static final Query WITHIN = QueryFactory.create(PREFIXES + """
            SELECT DISTINCT ?c WHERE { ?thing geo:sfWithin ?c }
            """);
    private static final Query CONTAINER = QueryFactory.create(PREFIXES + """
            SELECT ?up ?label ?wikidata WHERE {
              { ?thing geo:sfWithin ?up }
              UNION { ?thing rdfs:label ?label FILTER(LANGMATCHES(LANG(?label), "de")) }
              UNION { ?thing owl:sameAs ?wikidata FILTER(STRSTARTS(STR(?wikidata), "http://www.wikidata.org/entity/")) }
            }
            """);

    private final DatasetGraph dataset;

    public LocalThings(DatasetGraph dataset) {
        this.dataset = dataset;
    }

    public List<LocalThing> unlinked(LinkKind kind) {
        return Txn.calculateRead(dataset, () -> {
            List<LocalThing> things = new ArrayList<>();
            select(UNLINKED, Var.alloc("kindClass"), NodeFactory.createURI(kind.regioClass()))
                    .forEach(b -> things.add(describe(b.get("thing"), kind)));
            return things;
        });
    }

    private LocalThing describe(Node thing, LinkKind kind) {
        List<LocalThing.Label> labels = new ArrayList<>();
        Optional<String> key = Optional.empty();
        Optional<String> nuts = Optional.empty();
        for (Binding b : select(FACTS, Var.alloc("thing"), thing)) {
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
        for (Binding b : select(kind == LinkKind.PLACE ? WITHIN : SEAT, Var.alloc("thing"), thing)) level.add(b.get("c"));
        for (int depth = 0; !level.isEmpty() && depth < 10; depth++) {
            Deque<Node> next = new ArrayDeque<>();
            for (Node c : level) {
                if (!c.isURI() || !seen.add(c)) continue;
                String label = c.getURI();
                Optional<String> wikidata = Optional.empty();
                for (Binding b : select(CONTAINER, Var.alloc("thing"), c)) {
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

    private List<Binding> select(Query query, Var var, Node value) {
        List<Binding> rows = new ArrayList<>();
        QueryExec.dataset(dataset).query(query).substitution(BindingFactory.binding(var, value)).build()
                .select().forEachRemaining(rows::add);
        return rows;
    }
}
