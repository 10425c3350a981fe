package org.regiokg.ingest;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.regiokg.sparql.Slugs;
import org.regiokg.sparql.SparqlFile;
import org.regiokg.vocab.Vocabulary;

/**
 * Finds the things a CSV row names among those already in the graph, so that a list adds to the
 * graph instead of duplicating it: places by name inside a containing place, organisations by name
 * (without legal form) and seat, competences by slug or label. What is not found gets a new, stable
 * IRI. Built from one read of the store, before the import writes anything.
 */
final class EntityResolver {
    private static final SparqlFile PLACES = SparqlFile.resource(EntityResolver.class, "places.rq");
    private static final SparqlFile PLACE_CONTAINERS = SparqlFile.resource(EntityResolver.class, "place-containers.rq");
    private static final SparqlFile ORGANISATIONS = SparqlFile.resource(EntityResolver.class, "organisations.rq");
    private static final SparqlFile COMPETENCES = SparqlFile.resource(EntityResolver.class, "competences.rq");
    /** Legal forms left out when names are compared: "Utsch AG" is "Utsch". */
    private static final java.util.regex.Pattern LEGAL_FORMS = java.util.regex.Pattern.compile(
            "(?i)\\b(gmbh\\s*&\\s*co\\.?\\s*kgaa|gmbh\\s*&\\s*co\\.?\\s*kg|ag\\s*&\\s*co\\.?\\s*kg|se\\s*&\\s*co\\.?\\s*kg|gmbh|mbh|ag|kgaa|kg|ohg|se|e\\.\\s?v\\.|ev|ug|inc\\.?|ltd\\.?)(?=\\s|$|,)");
    private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");

    private final Map<String, Set<String>> placesByLabel = new HashMap<>();
    private final Map<String, Set<String>> containersOf = new HashMap<>();
    private final Set<String> takenIris = new HashSet<>();
    /** Organisations by name without legal form: each with its seat (empty when the graph knows none). */
    private final Map<String, Map<String, String>> orgsByName = new HashMap<>();
    private final Map<String, String> conceptsByKey = new HashMap<>();

    /** Reads the things of {@code dataset}'s default graph; the caller holds any transaction it needs. */
    EntityResolver(DatasetGraph dataset) {
        {
            select(dataset, PLACES, (p, label) -> {
                placesByLabel.computeIfAbsent(norm(label), k -> new LinkedHashSet<>()).add(p);
                takenIris.add(p);
            });
            select(dataset, PLACE_CONTAINERS, (p, c) -> containersOf.computeIfAbsent(p, k -> new HashSet<>()).add(c));
            select(dataset, ORGANISATIONS, (o, label, seat) -> {
                takenIris.add(o);
                orgsByName.computeIfAbsent(orgName(label), k -> new LinkedHashMap<>()).putIfAbsent(o, seat == null ? "" : seat);
            });
            select(dataset, COMPETENCES, (c, label) -> {
                conceptsByKey.putIfAbsent(c.substring(c.lastIndexOf('/') + 1), c);
                if (label != null) conceptsByKey.putIfAbsent(Slugs.slug(label), c);
            });
        }
    }

    /** A place with this label (any language, any case) that lies anywhere inside the container, or none. */
    Optional<String> placeWithin(String name, String containerIri) {
        for (String p : placesByLabel.getOrDefault(norm(name), Set.of()))
            if (containersOf.getOrDefault(p, Set.of()).contains(containerIri)) return Optional.of(p);
        return Optional.empty();
    }

    /** Every place with this label; the caller decides what several mean. */
    List<String> placesNamed(String name) {
        return new ArrayList<>(placesByLabel.getOrDefault(norm(name), Set.of()));
    }

    /**
     * The organisation of this name seated in (or inside) the place; failing that, the one organisation
     * of this name whose seat the graph does not know, if there is exactly one.
     */
    Optional<String> organisation(String name, String placeIri) {
        Map<String, String> named = orgsByName.getOrDefault(orgName(name), Map.of());
        for (var e : named.entrySet()) {
            String seat = e.getValue();
            if (seat.equals(placeIri) || containersOf.getOrDefault(seat, Set.of()).contains(placeIri)) return Optional.of(e.getKey());
        }
        List<String> unseated = named.entrySet().stream().filter(e -> e.getValue().isEmpty()).map(Map.Entry::getKey).toList();
        return unseated.size() == 1 && named.size() == 1 ? Optional.of(unseated.get(0)) : Optional.empty();
    }

    Optional<String> concept(String value) {
        return Optional.ofNullable(conceptsByKey.get(Slugs.slug(value)));
    }

    /** A new IRI {@code id/KIND/slug}, or {@code slug-qualifier} when the first is taken. Remembered as taken. */
    String mint(String kind, String name, String qualifier) {
        String base = Vocabulary.thing(kind, Slugs.slug(name));
        String iri = takenIris.contains(base) ? base + "-" + Slugs.slug(qualifier) : base;
        for (int n = 2; takenIris.contains(iri); n++) iri = base + "-" + Slugs.slug(qualifier) + "-" + n;
        takenIris.add(iri);
        return iri;
    }

    /** Records a thing created by this import, so later rows find it. */
    void rememberPlace(String iri, String name, String containerIri) {
        placesByLabel.computeIfAbsent(norm(name), k -> new LinkedHashSet<>()).add(iri);
        Set<String> containers = new HashSet<>(containersOf.getOrDefault(containerIri, Set.of()));
        containers.add(containerIri);
        containersOf.put(iri, containers);
    }

    void rememberOrganisation(String iri, String name, String placeIri) {
        orgsByName.computeIfAbsent(orgName(name), k -> new LinkedHashMap<>()).putIfAbsent(iri, placeIri);
    }

    /** The name without legal form, as a slug: the part of a name that identifies an organisation. */
    static String orgName(String name) {
        String shortName = SPACES.matcher(LEGAL_FORMS.matcher(name).replaceAll(" ")).replaceAll(" ").trim();
        return Slugs.slug(shortName.isEmpty() ? name : shortName);
    }

    private static String norm(String label) {
        return label.strip().toLowerCase(Locale.ROOT);
    }

    private interface Row2 {
        void accept(String a, String b);
    }

    private interface Row3 {
        void accept(String a, String b, String c);
    }

    private static void select(DatasetGraph ds, SparqlFile query, Row2 row) {
        var vars = query.query().getProjectVars();
        query.select(ds, Map.of(), b -> row.accept(text(b.get(vars.get(0))), text(b.get(vars.get(1)))));
    }

    private static void select(DatasetGraph ds, SparqlFile query, Row3 row) {
        var vars = query.query().getProjectVars();
        query.select(ds, Map.of(), b -> row.accept(text(b.get(vars.get(0))), text(b.get(vars.get(1))), text(b.get(vars.get(2)))));
    }

    private static String text(Node n) {
        if (n == null) return null;
        return n.isURI() ? n.getURI() : n.isLiteral() ? n.getLiteralLexicalForm() : n.toString();
    }

    static Node iri(String iri) {
        return NodeFactory.createURI(iri);
    }
}
