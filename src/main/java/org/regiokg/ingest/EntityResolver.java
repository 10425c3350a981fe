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
import org.apache.jena.query.text.TextIndex;
import org.apache.jena.sparql.core.DatasetGraph;
import org.regiokg.names.NameQuery;
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
    private static final SparqlFile ORGANISATIONS_NAMED = SparqlFile.resource(EntityResolver.class, "organisations-named.rq");
    private static final int MAX_HITS = 10_000;
    /** Names per index query: some 3 words each, under Lucene's 1,024 clauses per query. */
    private static final int NAMES_PER_QUERY = 200;
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

    private final DatasetGraph dataset;
    /** The store's name index, if it has one: organisations are then looked up by the names the rows give. */
    private final TextIndex names;
    private final Set<String> looked = new HashSet<>();
    /** Whose read transaction the look-ups made while rows are bound (after construction) run in. */
    private final org.apache.jena.sparql.core.Transactional store;

    /** Reads the things of {@code dataset}'s default graph; the caller holds any transaction it needs. */
    EntityResolver(DatasetGraph dataset) {
        this(dataset, null, dataset);
    }

    /**
     * Reads the places and competences of {@code dataset}'s default graph (a few hundred, whatever the
     * store's size); with a name index, organisations are looked up per name ({@link #lookUp}) instead
     * of read all at once (seconds per 10^5 organisations, on every import).
     */
    EntityResolver(DatasetGraph dataset, TextIndex names, org.apache.jena.sparql.core.Transactional store) {
        this.dataset = dataset;
        this.store = store;
        this.names = names;
        {
            select(dataset, PLACES, (p, label) -> {
                placesByLabel.computeIfAbsent(norm(label), k -> new LinkedHashSet<>()).add(p);
                takenIris.add(p);
            });
            select(dataset, PLACE_CONTAINERS, (p, c) -> containersOf.computeIfAbsent(p, k -> new HashSet<>()).add(c));
            if (names == null) select(dataset, ORGANISATIONS, Map.of(), this::known);
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

    private void known(String o, String label, String seat) {
        takenIris.add(o);
        orgsByName.computeIfAbsent(orgName(label), k -> new LinkedHashMap<>()).putIfAbsent(o, seat == null ? "" : seat);
    }

    /**
     * Looks up the organisations that may bear these names (before the rows are bound, in the read
     * transaction): the name index gives the things with every word of a name (as written, and as
     * its slug, so "Müller AG" and "Mueller" both find "Müller GmbH"); their labels and seats are then
     * read from the dataset, and only labels with the same {@link #orgName} count, as in a full read.
     * Costs a few index look-ups per name, not a read of every organisation.
     */
    void lookUp(java.util.Collection<String> orgNames) {
        if (names == null) return;
        Set<Node> candidates = new LinkedHashSet<>();
        // One index query per batch of names (each name a group of required words): the index opens a
        // reader per query, which costs milliseconds, so one per name cost minutes for a long list.
        List<String> groups = new ArrayList<>();
        for (String name : orgNames) {
            if (name.isEmpty() || !looked.add(orgName(name))) continue;
            String shortName = SPACES.matcher(LEGAL_FORMS.matcher(name).replaceAll(" ")).replaceAll(" ").trim();
            for (String words : new LinkedHashSet<>(List.of(shortName, orgName(name).replace('-', ' ')))) {
                String q = NameQuery.allWords(List.of(SPACES.split(words.strip())));
                if (!q.isEmpty()) groups.add("(" + q + ")");
            }
        }
        for (int i = 0; i < groups.size(); i += NAMES_PER_QUERY) candidates(groups.subList(i, Math.min(groups.size(), i + NAMES_PER_QUERY)), candidates);
        // Each candidate's labels and seat: a few index look-ups (most names of a new list find none).
        for (Node o : candidates) select(dataset, ORGANISATIONS_NAMED, Map.of("o", o), (label, seat) -> known(o.getURI(), label, seat));
    }

    /** The things named by any of these groups of words; a batch with as many hits as asked for is asked again in halves. */
    private void candidates(List<String> groups, Set<Node> into) {
        List<org.apache.jena.query.text.TextHit> hits;
        try {
            hits = names.query((Node) null, String.join(" ", groups), null, null, MAX_HITS);
        } catch (RuntimeException e) {
            // A group the query parser cannot take (a name of legal-form words only): asked alone, then left out.
            if (groups.size() == 1) return;
            hits = null;
        }
        if (hits != null && hits.size() < MAX_HITS) {
            hits.forEach(h -> into.add(h.getNode()));
            return;
        }
        if (groups.size() == 1) {
            if (hits != null) hits.forEach(h -> into.add(h.getNode()));
            return;
        }
        int half = groups.size() / 2;
        candidates(groups.subList(0, half), into);
        candidates(groups.subList(half, groups.size()), into);
    }

    /** The IRI names a thing of the dataset already (any thing, not only places and organisations). */
    private boolean taken(String iri) {
        return takenIris.contains(iri)
                || (names != null && org.apache.jena.system.Txn.calculateRead(store, () -> dataset.getDefaultGraph().contains(iri(iri), Node.ANY, Node.ANY)));
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
        String iri = taken(base) ? base + "-" + Slugs.slug(qualifier) : base;
        for (int n = 2; taken(iri); n++) iri = base + "-" + Slugs.slug(qualifier) + "-" + n;
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

    private static void select(DatasetGraph ds, SparqlFile query, Map<String, Node> values, Row2 row) {
        var vars = query.query().getProjectVars();
        query.select(ds, values, b -> row.accept(text(b.get(vars.get(0))), text(b.get(vars.get(1)))));
    }

    private static void select(DatasetGraph ds, SparqlFile query, Map<String, Node> values, Row3 row) {
        var vars = query.query().getProjectVars();
        query.select(ds, values, b -> row.accept(text(b.get(vars.get(0))), text(b.get(vars.get(1))), text(b.get(vars.get(2)))));
    }

    private static String text(Node n) {
        if (n == null) return null;
        return n.isURI() ? n.getURI() : n.isLiteral() ? n.getLiteralLexicalForm() : n.toString();
    }

    static Node iri(String iri) {
        return NodeFactory.createURI(iri);
    }
}
