package org.regiokg.vocab;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.jena.shared.PrefixMapping;

/**
 * The one place for RegioKG's vocabulary: the namespaces it uses, their prefixes (as read-only Jena
 * prefix mappings for exports and pages), and the IRI patterns of the things and named graphs it
 * mints (see DESIGN.md, "IRIs"). Depends on nothing of RegioKG.
 */
public final class Vocabulary {
    public static final String BASE = "https://w3id.org/regiokg/";
    /** The ontology itself; its terms are {@link #DEF} + local name. */
    public static final String ONTOLOGY = BASE + "def";
    public static final String DEF = ONTOLOGY + "#";
    /** Things: {@code id/KIND/slug}. */
    public static final String ID = BASE + "id/";
    /** Named graphs: {@code graph/KIND/slug}. */
    public static final String GRAPH = BASE + "graph/";
    /** The named graph that holds the ontology and its concept schemes. */
    public static final String ONTOLOGY_GRAPH = GRAPH + "ontology";
    /** RegioKG's own SPARQL functions ({@code fn:statements}, org.regiokg.history.StatementsFunction). */
    public static final String FN = BASE + "fn#";
    /** Datasets RegioKG describes in VoID: itself and the ones it links to. */
    public static final String DATASET = ID + "dataset/";

    public static final String RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#";
    public static final String RDFS = "http://www.w3.org/2000/01/rdf-schema#";
    public static final String XSD = "http://www.w3.org/2001/XMLSchema#";
    public static final String OWL = "http://www.w3.org/2002/07/owl#";
    public static final String SKOS = "http://www.w3.org/2004/02/skos/core#";
    public static final String ORG = "http://www.w3.org/ns/org#";
    public static final String GEO = "http://www.opengis.net/ont/geosparql#";
    public static final String TIME = "http://www.w3.org/2006/time#";
    public static final String PROV = "http://www.w3.org/ns/prov#";
    public static final String DCTERMS = "http://purl.org/dc/terms/";
    public static final String SCHEMA = "https://schema.org/";
    public static final String FOAF = "http://xmlns.com/foaf/0.1/";
    public static final String VOID = "http://rdfs.org/ns/void#";

    /** The kinds of things whose IRIs get a prefix of their own in exports ({@code organisation:trilux}). */
    public static final List<String> THING_KINDS = List.of("organisation", "place", "person", "site", "membership",
            "interval", "competence", "agreement", "event", "claim", "geometry", "designation");

    private static final Map<String, String> COMMON = ordered(
            "rdf", RDF, "rdfs", RDFS, "xsd", XSD, "owl", OWL, "skos", SKOS, "org", ORG, "geo", GEO, "time", TIME,
            "prov", PROV, "dcterms", DCTERMS, "schema", SCHEMA, "foaf", FOAF, "rkg", DEF);

    /** The vocabularies of the graph, as pages show them and every export declares them. */
    public static final PrefixMapping PREFIXES = locked(COMMON);

    /** {@link #PREFIXES}, the named graphs and one prefix per kind of thing: what exports declare. */
    public static final PrefixMapping EXPORT_PREFIXES = locked(exportPrefixes());

    private static final PrefixMapping ALL = locked(all());

    private Vocabulary() {}

    /** The IRI of a thing: {@code id/KIND/slug}. */
    public static String thing(String kind, String slug) {
        return ID + kind + "/" + slug;
    }

    /** The IRI of a named graph: {@code graph/KIND/slug}. */
    public static String graph(String kind, String slug) {
        return GRAPH + kind + "/" + slug;
    }

    /** The kind of graph the rules (rules/*.rq) write their facts into: {@code graph/derived/RULE}. */
    public static final String DERIVED_KIND = "derived";

    /** True for a graph of derived facts, not of a source's. */
    public static boolean isDerivedGraph(String graphIri) {
        return graphIri != null && graphIri.startsWith(GRAPH + DERIVED_KIND + "/");
    }

    /** An ontology term: {@code def#Local}. */
    public static String term(String local) {
        return DEF + local;
    }

    /** Some of the known prefixes, in the order given (read-only); an unknown prefix is an error. */
    public static PrefixMapping prefixes(String... names) {
        Map<String, String> chosen = new LinkedHashMap<>();
        for (String name : names) {
            String ns = ALL.getNsPrefixURI(name);
            if (ns == null) throw new IllegalArgumentException("unknown prefix '" + name + "'");
            chosen.put(name, ns);
        }
        return locked(chosen);
    }

    /** The prefixes of a mapping in a stable order (as they were declared here), for writers that keep order. */
    public static Map<String, String> ordered(PrefixMapping mapping) {
        Map<String, String> out = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : all().entrySet())
            if (e.getValue().equals(mapping.getNsPrefixURI(e.getKey()))) out.put(e.getKey(), e.getValue());
        mapping.getNsPrefixMap().forEach(out::putIfAbsent);
        return out;
    }

    private static Map<String, String> exportPrefixes() {
        Map<String, String> p = new LinkedHashMap<>(COMMON);
        p.put("graph", GRAPH);
        for (String kind : THING_KINDS) p.put(kind, ID + kind + "/");
        return p;
    }

    private static Map<String, String> all() {
        Map<String, String> p = exportPrefixes();
        p.put("void", VOID);
        p.put("dataset", DATASET);
        return p;
    }

    private static Map<String, String> ordered(String... pairs) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < pairs.length; i += 2) m.put(pairs[i], pairs[i + 1]);
        return m;
    }

    private static PrefixMapping locked(Map<String, String> prefixes) {
        PrefixMapping m = PrefixMapping.Factory.create();
        prefixes.forEach(m::setNsPrefix);
        return m.lock();
    }
}
