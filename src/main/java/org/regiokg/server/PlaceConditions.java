package org.regiokg.server;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.system.Txn;
import org.regiokg.link.reconcile.ReconciliationCandidate;
import org.regiokg.link.reconcile.ReconciliationQuery;
import org.regiokg.link.reconcile.ReconciliationService;
import org.regiokg.sparql.SparqlFile;
import org.regiokg.vocab.Vocabulary;

/**
 * A reconciliation query with property conditions but no name (a sheet whose name column is empty
 * but whose town is known): the things where the places named are ({@code reconcile-by-place.rq}),
 * all of them; none scores high enough to be matched without review.
 */
final class PlaceConditions {
    private static final SparqlFile BY_PLACE = SparqlFile.resource(PlaceConditions.class, "reconcile-by-place.rq");
    /** The property ids that name where a thing is (as the name search takes them). */
    static final Set<String> PLACE_PIDS = Set.of("town", "seat", "place", "location", "city", "within", "district", "region",
            "sfwithin", Vocabulary.GEO + "sfWithin", "geo:sfwithin");
    /** What a candidate found by its place alone scores: plausible, never a match. */
    static final double SCORE = 50;

    private final DatasetGraph dataset;

    PlaceConditions(DatasetGraph dataset) {
        this.dataset = dataset;
    }

    /** The candidates meeting every place condition; empty when the query has none. */
    List<ReconciliationCandidate> candidates(ReconciliationQuery query) {
        List<ReconciliationQuery.PropertyCondition> places = query.properties().stream()
                .filter(c -> PLACE_PIDS.contains(c.pid().toLowerCase(java.util.Locale.ROOT)) || PLACE_PIDS.contains(c.pid())).toList();
        if (places.isEmpty()) return List.of();
        Optional<String> type = query.types().stream().map(PlaceConditions::classIri).flatMap(Optional::stream).findFirst();
        Map<String, String> found = null;
        for (ReconciliationQuery.PropertyCondition condition : places) {
            Map<String, String> met = new LinkedHashMap<>();
            for (ReconciliationQuery.Value value : condition.values()) met.putAll(things(value, type));
            if (found == null) found = met;
            else found.keySet().retainAll(met.keySet());
        }
        List<ReconciliationCandidate.TypeRef> typeRefs = type.map(t -> List.of(new ReconciliationCandidate.TypeRef(t,
                t.substring(Math.max(t.lastIndexOf('#'), t.lastIndexOf('/')) + 1)))).orElse(List.of());
        List<ReconciliationCandidate> candidates = new ArrayList<>();
        found.forEach((iri, name) -> candidates.add(new ReconciliationCandidate(iri.substring(Vocabulary.ID.length()), name, typeRefs,
                SCORE, false, List.of(new ReconciliationCandidate.Feature("place", true)), null)));
        return candidates.subList(0, Math.min(query.limit(), candidates.size()));
    }

    private Map<String, String> things(ReconciliationQuery.Value value, Optional<String> type) {
        Map<String, Node> bind = new HashMap<>();
        if (value.id() != null) ReconciliationExtension.iri(value.id()).ifPresent(iri -> bind.put("place", NodeFactory.createURI(iri)));
        if (!bind.containsKey("place")) {
            if (value.text() == null) return Map.of();
            bind.put("placeName", NodeFactory.createLiteralString(value.text()));
        }
        type.ifPresent(t -> bind.put("type", NodeFactory.createURI(t)));
        Map<String, String> things = new LinkedHashMap<>();
        List<Binding> rows = Txn.calculateRead(dataset, () -> BY_PLACE.select(dataset, bind));
        for (Binding row : rows) {
            Node thing = row.get(Var.alloc("thing"));
            Node name = row.get(Var.alloc("name"));
            if (thing.isURI() && thing.getURI().startsWith(Vocabulary.ID))
                things.put(thing.getURI(), name != null ? name.getLiteralLexicalForm() : thing.getURI());
        }
        return things;
    }

    /** A type as the manifest's default types give it (a class IRI), or a kind's short id. */
    private static Optional<String> classIri(String type) {
        for (ReconciliationService.Kind k : ReconciliationService.KINDS)
            if (k.classIri().equals(type) || k.shortId().equalsIgnoreCase(type)) return Optional.of(k.classIri());
        return type.startsWith("http") ? Optional.of(type) : Optional.empty();
    }
}
