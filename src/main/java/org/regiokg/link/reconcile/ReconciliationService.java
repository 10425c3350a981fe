package org.regiokg.link.reconcile;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
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
import org.apache.jena.shared.PrefixMapping;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.syntax.ElementData;
import org.apache.jena.sparql.syntax.ElementGroup;
import org.apache.jena.system.Txn;
import org.regiokg.sparql.SparqlFile;
import org.regiokg.vocab.Vocabulary;
import org.regiokg.names.NameQuery;

/**
 * A reconciliation service over the graph, as the W3C Reconciliation Service API describes it and
 * OpenRefine 3.x speaks it (protocol 0.2): a manifest, batched queries with type restriction and
 * property conditions, and entity suggest.
 *
 * <p>Finding candidates is SPARQL ({@code reconcile-candidates.rq}: things of the kind asked for among
 * those the name index finds for the query's words, see {@link NameQuery}; {@code reconcile-context.rq}: their classes and the
 * places they lie in). Scoring is here, on those few rows, because it needs edit distances:
 * <ul>
 *   <li>name: {@link Names#similarity}, best over the thing's names (label, legal name, alternative
 *       labels); 100 only when the names are the same after normalisation (case, umlauts, legal forms);</li>
 *   <li>with property conditions: three quarters name, one quarter the share of conditions met;</li>
 *   <li>{@code match}: the top candidate scores 100 and no other candidate does.</li>
 * </ul>
 */
public final class ReconciliationService {
    private static final String ORG = Vocabulary.ORG;
    private static final String FOAF = Vocabulary.FOAF;
    private static final String GEO = Vocabulary.GEO;

    /** The kinds of things the service reconciles: short id, class, name. */
    public record Kind(String shortId, String classIri, String name) {}

    public static final List<Kind> KINDS = List.of(
            new Kind("organisation", ORG + "Organization", "Organisation"),
            new Kind("place", Vocabulary.term("Place"), "Place"),
            new Kind("person", FOAF + "Person", "Person"));

    /** Property ids that mean "where the thing is": the town of its seat or any place containing it. */
    private static final Set<String> PLACE_PIDS = Set.of("town", "seat", "place", "location", "city", "within",
            "district", "region", "sfwithin", GEO + "sfWithin", ORG + "hasSite", ORG + "hasPrimarySite",
            "geo:sfwithin", "org:hassite", "org:hasprimarysite");
    /** Property ids that mean "organisation a person belongs to". */
    private static final Set<String> ORGANISATION_PIDS = Set.of("organisation", "organization", "employer", "member of",
            "memberof", ORG + "organization", ORG + "memberOf", "org:organization", "org:memberof");

    /** The prefixes a type may be given with ({@code rkg:Company}). */
    private static final PrefixMapping PREFIXES = Vocabulary.prefixes("rkg", "org", "foaf", "geo", "schema");

    private final DatasetGraph dataset;
    private static final SparqlFile CANDIDATES = SparqlFile.resource(ReconciliationService.class, "reconcile-candidates.rq");
    private static final SparqlFile CONTEXT = SparqlFile.resource(ReconciliationService.class, "reconcile-context.rq");

    public ReconciliationService(DatasetGraph dataset) {
        this.dataset = dataset;
    }

    /** The service manifest; {@code serviceUrl} is the absolute URL of the server, {@code apiPath} where the service lives on it. */
    public Map<String, Object> manifest(String serviceUrl, String servicePath) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("versions", List.of("0.1", "0.2"));
        m.put("name", "RegioKG reconciliation service");
        m.put("identifierSpace", Vocabulary.ID);
        m.put("schemaSpace", Vocabulary.DEF);
        List<Map<String, String>> types = new ArrayList<>();
        for (Kind k : KINDS) types.add(Map.of("id", k.classIri(), "name", k.name()));
        m.put("defaultTypes", types);
        m.put("view", Map.of("url", Vocabulary.ID + "{{id}}"));
        Map<String, Object> entity = new LinkedHashMap<>();
        entity.put("service_url", serviceUrl);
        entity.put("service_path", servicePath + "/suggest/entity");
        m.put("suggest", Map.of("entity", entity));
        m.put("documentation", serviceUrl + servicePath);
        return m;
    }

    /**
     * Answers a batch in one pass, in one read transaction: one index search per query, then one
     * query for what the graph says of every candidate of the batch; the answer has the batch's keys.
     */
    public Map<String, List<ReconciliationCandidate>> reconcile(Map<String, ReconciliationQuery> batch) {
        return Txn.calculateRead(dataset, () -> {
            Map<String, List<Found>> shortlists = new LinkedHashMap<>();
            Set<String> all = new LinkedHashSet<>();
            batch.forEach((key, q) -> {
                List<Found> shortlist = shortlist(q);
                shortlists.put(key, shortlist);
                shortlist.forEach(f -> all.add(f.iri));
            });
            Map<String, Context> contexts = contexts(all);
            Map<String, List<ReconciliationCandidate>> answers = new LinkedHashMap<>();
            batch.forEach((key, q) -> answers.put(key, score(q, shortlists.get(key), contexts)));
            return answers;
        });
    }

    public List<ReconciliationCandidate> reconcile(ReconciliationQuery q) {
        return reconcile(Map.of("q", q)).get("q");
    }

    /** The auto-match threshold: the top candidate is a match when it scores this or more and no other does. */
    public static final double MATCH_SCORE = 95;

    /** The candidates worth a closer look, best by name first. */
    private List<Found> shortlist(ReconciliationQuery q) {
        Optional<String> asId = entityIri(q.query());
        if (asId.isPresent()) {
            // An entity id or IRI as the query (a column of ids): that thing or nothing.
            Found f = new Found(asId.get());
            f.nameScore = 1;
            f.byId = true;
            return List.of(f);
        }
        List<String> words = Names.words(q.query());
        int shortlistSize = Math.max(q.limit() * 3, 20);
        // Wider searches only where the narrower one fell short: the words as starts and with typos,
        // those that no name found has (all of them when it found too few); then names sharing a
        // word's first three letters (a badly misspelt name).
        Map<String, Found> found = find(NameQuery.anyWord(words), q.types());
        List<String> varied = found.size() < shortlistSize ? words : notIn(words, found.values());
        if (!varied.isEmpty()) found = find(NameQuery.anyWordOrVariant(words, varied), q.types());
        if (found.size() < shortlistSize) found = find(NameQuery.anyWordVariantOrStart(words), q.types());
        List<Found> ranked = new ArrayList<>(found.values());
        for (Found f : ranked) f.nameScore = f.names.stream().mapToDouble(n -> Names.bestSimilarity(words, n)).max().orElse(0);
        ranked.sort(Comparator.comparingDouble((Found f) -> -f.nameScore).thenComparing(f -> f.iri));
        // Only the best by name are looked at more closely; conditions can lift a candidate by a quarter at most.
        List<Found> shortlist = ranked.subList(0, Math.min(ranked.size(), shortlistSize));
        if (q.properties().isEmpty() && shortlist.size() > q.limit()) {
            // Without conditions the score is the name's: only the best can be shown. Of those tied
            // with the last of them, the first by name: looking each of them up cost 20 of
            // "Synthetische Organisation …" per query at 100,000 organisations.
            shortlist = new ArrayList<>(shortlist);
            shortlist.sort(Comparator.comparingDouble((Found f) -> -round(f.nameScore * 100)).thenComparing(Found::firstName).thenComparing(f -> f.iri));
            shortlist = shortlist.subList(0, q.limit());
        }
        return shortlist;
    }

    /** The words that are no word of these names. */
    private static List<String> notIn(List<String> words, Collection<Found> found) {
        Set<String> had = new HashSet<>();
        for (Found f : found) for (String n : f.names) had.addAll(Names.words(n));
        return words.stream().filter(w -> !had.contains(w)).toList();
    }

    private List<ReconciliationCandidate> score(ReconciliationQuery q, List<Found> shortlist, Map<String, Context> contexts) {
        List<ReconciliationCandidate> result = new ArrayList<>();
        Set<String> classes = new LinkedHashSet<>();
        q.types().forEach(t -> classes.add(typeIri(t)));
        for (Found f : shortlist) {
            Context c = contexts.getOrDefault(f.iri, new Context());
            if (f.byId && (c.types.isEmpty() || !c.isOfKind() || !classes.isEmpty() && classes.stream().noneMatch(c.types::containsKey)))
                continue; // no such thing, or not of the type asked for
            double score = f.nameScore;
            List<ReconciliationCandidate.Feature> features = new ArrayList<>();
            features.add(new ReconciliationCandidate.Feature(f.byId ? "id" : "name", round(f.nameScore * 100)));
            int asked = 0, met = 0;
            for (ReconciliationQuery.PropertyCondition p : q.properties()) {
                Map<String, String> nodes = nodesFor(p.pid(), c);
                if (nodes == null) continue; // a property the service does not know: not held against anyone
                asked++;
                boolean ok = p.values().stream().anyMatch(v -> matches(v, nodes));
                if (ok) met++;
                features.add(new ReconciliationCandidate.Feature(p.pid(), ok));
            }
            if (asked > 0) score = 0.75 * f.nameScore + 0.25 * met / asked;
            result.add(new ReconciliationCandidate(shortId(f.iri), c.displayName(f), c.types(), round(score * 100), false, features, null));
        }
        result.sort(Comparator.comparingDouble((ReconciliationCandidate x) -> -x.score()).thenComparing(ReconciliationCandidate::name).thenComparing(ReconciliationCandidate::id));
        if (!result.isEmpty() && result.get(0).score() >= MATCH_SCORE && (result.size() < 2 || result.get(1).score() < MATCH_SCORE)) {
            ReconciliationCandidate top = result.get(0);
            result.set(0, new ReconciliationCandidate(top.id(), top.name(), top.type(), top.score(), true, top.features(), top.description()));
        }
        return List.copyOf(result.subList(0, Math.min(result.size(), q.limit())));
    }

    /** Short ids ({@code organisation/trilux}) and IRIs in the id space, also as this server's {@code /id/} pages. */
    private static final java.util.regex.Pattern SHORT_ID = java.util.regex.Pattern.compile("[a-z][a-z-]*/[A-Za-z0-9._~%-]+");

    /** The thing a query names by its id or IRI, if it does. */
    static Optional<String> entityIri(String query) {
        String t = query.strip();
        if (t.startsWith("<") && t.endsWith(">")) t = t.substring(1, t.length() - 1);
        if (t.startsWith("http://") || t.startsWith("https://")) {
            int at = t.indexOf("/id/"); // w3id.org's and this server's pages alike
            if (at < 0) return Optional.empty();
            t = t.substring(at + "/id/".length());
        }
        return SHORT_ID.matcher(t).matches() ? Optional.of(Vocabulary.ID + t) : Optional.empty();
    }

    /**
     * Entity suggest: things whose name has words starting with every word of the prefix
     * (the last word may be incomplete), best first.
     */
    public List<ReconciliationCandidate> suggest(String prefix, String type, int limit) {
        List<String> words = Names.words(prefix);
        if (words.isEmpty()) return List.of();
        return Txn.calculateRead(dataset, () -> suggestInRead(words, type, limit));
    }

    private List<ReconciliationCandidate> suggestInRead(List<String> words, String type, int limit) {
        Map<String, Found> found = find(NameQuery.allPrefixes(words), type == null || type.isBlank() ? List.of() : List.of(type));
        Map<String, Double> scores = new LinkedHashMap<>();
        for (Found f : found.values()) {
            double best = 0;
            for (String n : f.names) {
                List<String> nameWords = Names.words(n);
                boolean all = words.stream().allMatch(w -> nameWords.stream().anyMatch(nw -> nw.startsWith(w)));
                if (!all) continue;
                String key = String.join(" ", nameWords), asked = String.join(" ", words);
                double s = key.equals(asked) ? 1 : key.startsWith(asked) ? 0.9 : 0.7;
                best = Math.max(best, s - Math.min(0.2, Math.abs(key.length() - asked.length()) / 200.0));
            }
            if (best > 0) scores.put(f.iri, best);
        }
        // The context only of those that can be shown: the best by score.
        List<String> shown = scores.entrySet().stream().sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                .limit(Math.max(1, Math.min(limit, ReconciliationQuery.MAX_LIMIT)) * 2L).map(Map.Entry::getKey).toList();
        Map<String, Context> contexts = contexts(shown);
        List<ReconciliationCandidate> result = new ArrayList<>();
        for (String iri : shown) {
            Context c = contexts.getOrDefault(iri, new Context());
            result.add(new ReconciliationCandidate(shortId(iri), c.displayName(found.get(iri)), c.types(), round(scores.get(iri) * 100), false, null, c.description()));
        }
        result.sort(Comparator.comparingDouble((ReconciliationCandidate x) -> -x.score()).thenComparing(ReconciliationCandidate::name).thenComparing(ReconciliationCandidate::id));
        return List.copyOf(result.subList(0, Math.min(result.size(), Math.max(1, Math.min(limit, ReconciliationQuery.MAX_LIMIT)))));
    }

    /** A type as OpenRefine may send it (class IRI, short id, prefixed name or local name in rkg:) as a class IRI. */
    public static String typeIri(String type) {
        String t = type.strip();
        for (Kind k : KINDS) if (k.shortId().equalsIgnoreCase(t) || k.name().equalsIgnoreCase(t)) return k.classIri();
        if (t.equalsIgnoreCase("organization")) return ORG + "Organization";
        if (t.startsWith("http://") || t.startsWith("https://")) return t;
        int colon = t.indexOf(':');
        String ns = colon > 0 ? PREFIXES.getNsPrefixURI(t.substring(0, colon)) : null;
        if (ns != null) return ns + t.substring(colon + 1);
        return Vocabulary.DEF + t;
    }

    /** The candidate id of an IRI: its path after {@code id/}; other IRIs stay whole. */
    public static String shortId(String iri) {
        return iri.startsWith(Vocabulary.ID) ? iri.substring(Vocabulary.ID.length()) : iri;
    }

    /** An IRI from a candidate id or a full IRI. */
    public static String iriOf(String id) {
        return id.startsWith("http://") || id.startsWith("https://") ? id : Vocabulary.ID + id;
    }

    // ------------------------------------------------------------------------------------------

    private static final class Found {
        final String iri;
        final Set<String> names = new LinkedHashSet<>();
        double nameScore;
        boolean byId;

        Found(String iri) {
            this.iri = iri;
        }

        String firstName() {
            return names.stream().sorted().findFirst().orElse("");
        }
    }

    /** Names the index returns for one query: enough to find the few things of the kind asked for among them. */
    private static final int INDEX_HITS = 200;

    private Map<String, Found> find(String lucene, List<String> types) {
        Map<String, Found> found = new LinkedHashMap<>();
        if (lucene.isEmpty()) return found;
        List<String> classes = types.isEmpty() ? java.util.Collections.singletonList(null) : types.stream().map(ReconciliationService::typeIri).toList();
        for (String cls : classes) {
            Map<String, Node> bind = new HashMap<>();
            bind.put("lucene", NodeFactory.createLiteralString(lucene));
            bind.put("hits", NodeFactory.createLiteralDT(Integer.toString(INDEX_HITS), org.apache.jena.datatypes.xsd.XSDDatatype.XSDinteger));
            if (cls != null) bind.put("type", NodeFactory.createURI(cls));
            for (Binding b : CANDIDATES.select(dataset, bind)) {
                String iri = b.get(Var.alloc("thing")).getURI();
                found.computeIfAbsent(iri, Found::new).names.add(b.get(Var.alloc("name")).getLiteralLexicalForm());
            }
        }
        return found;
    }

    /** The classes, places and organisations of one thing, each IRI with its labels. */
    private static final class Context {
        final Map<String, List<Node>> types = new LinkedHashMap<>();
        final Map<String, List<Node>> places = new LinkedHashMap<>();
        final Map<String, List<Node>> organisations = new LinkedHashMap<>();
        final List<Node> labels = new ArrayList<>();

        String displayName(Found f) {
            String l = bestLabel(labels, "de");
            if (l != null) return l;
            return f.names.stream().findFirst().orElse(shortId(f.iri));
        }

        /** Whether it is of one of the kinds the service reconciles (the type closure states the kind). */
        boolean isOfKind() {
            return KINDS.stream().anyMatch(k -> types.containsKey(k.classIri()));
        }

        List<ReconciliationCandidate.TypeRef> types() {
            List<ReconciliationCandidate.TypeRef> refs = new ArrayList<>();
            types.forEach((iri, ls) -> {
                String l = bestLabel(ls, "en");
                refs.add(new ReconciliationCandidate.TypeRef(iri, l != null ? l : localName(iri)));
            });
            return refs;
        }

        String description() {
            List<String> parts = new ArrayList<>();
            types().forEach(t -> parts.add(t.name()));
            return String.join(", ", parts);
        }
    }

    /** What the graph says of each of these things, in one query (the caller holds a read transaction). */
    private Map<String, Context> contexts(java.util.Collection<String> iris) {
        Map<String, Context> contexts = new HashMap<>();
        if (iris.isEmpty()) return contexts;
        Var thingVar = Var.alloc("thing");
        List<Binding> rows = new ArrayList<>();
        for (String iri : iris) rows.add(BindingFactory.binding(thingVar, NodeFactory.createURI(iri)));
        Query query = CONTEXT.query().cloneQuery();
        ElementGroup pattern = new ElementGroup();
        pattern.addElement(new ElementData(List.of(thingVar), rows));
        pattern.addElement(query.getQueryPattern());
        query.setQueryPattern(pattern);
        QueryExec.dataset(dataset).query(query).select().forEachRemaining(b -> {
            Context c = contexts.computeIfAbsent(b.get(thingVar).getURI(), k -> new Context());
            String what = b.get(Var.alloc("what")).getLiteralLexicalForm();
            Node node = b.get(Var.alloc("node"));
            Node label = b.get(Var.alloc("label"));
            if (what.equals("self")) {
                if (label != null && label.isLiteral()) c.labels.add(label);
                return;
            }
            if (node == null || !node.isURI()) return;
            Map<String, List<Node>> target = switch (what) {
                case "type" -> c.types;
                case "place" -> c.places;
                case "organisation" -> c.organisations;
                default -> null;
            };
            if (target == null) return;
            List<Node> ls = target.computeIfAbsent(node.getURI(), k -> new ArrayList<>());
            if (label != null && label.isLiteral() && !ls.contains(label)) ls.add(label);
        });
        return contexts;
    }

    /** The nodes a condition is checked against, by label: {@code null} for a property the service does not know. */
    private static Map<String, String> nodesFor(String pid, Context c) {
        String p = pid.strip();
        String lower = p.toLowerCase(Locale.ROOT);
        Map<String, List<Node>> source = PLACE_PIDS.contains(p) || PLACE_PIDS.contains(lower) ? c.places
                : ORGANISATION_PIDS.contains(p) || ORGANISATION_PIDS.contains(lower) ? c.organisations : null;
        if (source == null) return null;
        Map<String, String> keys = new HashMap<>(); // IRI → key of each label, joined by '|'
        source.forEach((iri, ls) -> {
            StringBuilder sb = new StringBuilder("|");
            for (Node l : ls) sb.append(Names.key(l.getLiteralLexicalForm())).append('|');
            keys.put(iri, sb.toString());
        });
        return keys;
    }

    private static boolean matches(ReconciliationQuery.Value v, Map<String, String> nodes) {
        if (v.id() != null && nodes.containsKey(iriOf(v.id().strip()))) return true;
        if (v.text() == null) return false;
        String text = v.text().strip();
        if ((text.startsWith("http://") || text.startsWith("https://") || text.matches("[a-z]+/[a-z0-9-]+"))
                && nodes.containsKey(iriOf(text))) return true;
        String key = Names.key(text);
        if (key.isEmpty()) return false;
        return nodes.values().stream().anyMatch(keys -> keys.contains("|" + key + "|"));
    }

    /** A label in the preferred language, else German or English, else without language, else any. */
    static String bestLabel(List<Node> labels, String preferred) {
        String best = null;
        int rank = Integer.MAX_VALUE;
        for (Node l : labels) {
            String lang = l.getLiteralLanguage();
            int r = preferred.equalsIgnoreCase(lang) ? 0 : "de".equalsIgnoreCase(lang) || "en".equalsIgnoreCase(lang) ? 1 : lang.isEmpty() ? 2 : 3;
            if (r < rank) {
                rank = r;
                best = l.getLiteralLexicalForm();
            }
        }
        return best;
    }

    private static String localName(String iri) {
        int i = Math.max(iri.lastIndexOf('#'), iri.lastIndexOf('/'));
        return i >= 0 ? iri.substring(i + 1) : iri;
    }

    private static double round(double v) {
        return Math.round(v * 10) / 10.0;
    }
}
