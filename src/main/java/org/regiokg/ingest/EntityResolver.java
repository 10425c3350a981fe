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
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.exec.QueryExec;
import org.regiokg.sparql.Slugs;
import org.regiokg.storage.Iris;

/**
 * Finds the things a CSV row names among those already in the graph, so that a list adds to the
 * graph instead of duplicating it: places by name inside a containing place, organisations by name
 * (without legal form) and seat, competences by slug or label. What is not found gets a new, stable
 * IRI. Built from one read of the store, before the import writes anything.
 */
final class EntityResolver {
    private static final String PREFIXES = """
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            PREFIX skos: <http://www.w3.org/2004/02/skos/core#>
            PREFIX org: <http://www.w3.org/ns/org#>
            PREFIX geo: <http://www.opengis.net/ont/geosparql#>
            PREFIX rkg: <https://w3id.org/regiokg/def#>
            """;
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
            // Each query starts from the classes, so that TDB2 reads the instances of a few classes, not every typed thing.
            select(dataset, "SELECT ?p ?label { ?kind rdfs:subClassOf* rkg:Place . ?p a ?kind ; rdfs:label ?label }", (p, label) -> {
                placesByLabel.computeIfAbsent(norm(label), k -> new LinkedHashSet<>()).add(p);
                takenIris.add(p);
            });
            select(dataset, "SELECT DISTINCT ?p ?c { ?kind rdfs:subClassOf* rkg:Place . ?p a ?kind ; geo:sfWithin+ ?c }",
                    (p, c) -> containersOf.computeIfAbsent(p, k -> new HashSet<>()).add(c));
            select(dataset, """
                    SELECT ?o ?label ?seat { ?kind rdfs:subClassOf* org:Organization . ?o a ?kind ; rdfs:label ?label
                                             OPTIONAL { ?o org:hasPrimarySite/geo:sfWithin ?seat } }""", (o, label, seat) -> {
                takenIris.add(o);
                orgsByName.computeIfAbsent(orgName(label), k -> new LinkedHashMap<>()).putIfAbsent(o, seat == null ? "" : seat);
            });
            select(dataset, "SELECT ?c ?label { ?c skos:inScheme <" + Iris.ID + "scheme/competences> . "
                    + "OPTIONAL { { ?c skos:prefLabel ?label } UNION { ?c skos:altLabel ?label } } }", (c, label) -> {
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
        String base = Iris.ID + kind + "/" + Slugs.slug(name);
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

    private static void select(DatasetGraph ds, String query, Row2 row) {
        var q = QueryFactory.create(PREFIXES + query);
        var vars = q.getProjectVars();
        QueryExec.dataset(ds).query(q).select()
                .forEachRemaining(b -> row.accept(text(b.get(vars.get(0))), text(b.get(vars.get(1)))));
    }

    private static void select(DatasetGraph ds, String query, Row3 row) {
        var q = QueryFactory.create(PREFIXES + query);
        var vars = q.getProjectVars();
        QueryExec.dataset(ds).query(q).select()
                .forEachRemaining(b -> row.accept(text(b.get(vars.get(0))), text(b.get(vars.get(1))), text(b.get(vars.get(2)))));
    }

    private static String text(Node n) {
        if (n == null) return null;
        return n.isURI() ? n.getURI() : n.isLiteral() ? n.getLiteralLexicalForm() : n.toString();
    }

    static Node iri(String iri) {
        return NodeFactory.createURI(iri);
    }
}
