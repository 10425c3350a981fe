package org.regiokg.web;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/** Where an IRI is shown on this server: RegioKG's own IRIs become local links, others stay as they are. */
final class Links {
    static final String BASE = "https://w3id.org/regiokg/";
    static final String ID = BASE + "id/";
    static final String ONTOLOGY = BASE + "def";
    static final String DEF = ONTOLOGY + "#";
    static final String GRAPH = BASE + "graph/";
    /** Where this server shows our things and the ontology. */
    static final String ID_PATH = "/id";
    static final String DEF_PATH = "/def";

    static final Map<String, String> PREFIXES = new LinkedHashMap<>();
    static {
        PREFIXES.put("rkg", DEF);
        PREFIXES.put("rdf", "http://www.w3.org/1999/02/22-rdf-syntax-ns#");
        PREFIXES.put("rdfs", "http://www.w3.org/2000/01/rdf-schema#");
        PREFIXES.put("owl", "http://www.w3.org/2002/07/owl#");
        PREFIXES.put("xsd", "http://www.w3.org/2001/XMLSchema#");
        PREFIXES.put("skos", "http://www.w3.org/2004/02/skos/core#");
        PREFIXES.put("org", "http://www.w3.org/ns/org#");
        PREFIXES.put("geo", "http://www.opengis.net/ont/geosparql#");
        PREFIXES.put("time", "http://www.w3.org/2006/time#");
        PREFIXES.put("prov", "http://www.w3.org/ns/prov#");
        PREFIXES.put("dcterms", "http://purl.org/dc/terms/");
        PREFIXES.put("schema", "https://schema.org/");
        PREFIXES.put("foaf", "http://xmlns.com/foaf/0.1/");
    }

    private Links() {}

    /** The local page of one of our IRIs, the IRI itself for any other. */
    static String href(String iri) {
        if (iri.startsWith(ID)) return ID_PATH + "/" + iri.substring(ID.length());
        if (iri.startsWith(DEF)) return DEF_PATH + "/" + iri.substring(DEF.length());
        if (iri.equals(ONTOLOGY)) return DEF_PATH;
        if (iri.startsWith(GRAPH)) return "/kg/get?graph=" + URLEncoder.encode(iri, StandardCharsets.UTF_8);
        return iri;
    }

    static boolean isLocal(String iri) {
        return iri.startsWith(BASE);
    }

    /** prefix:local where a known prefix fits, else the IRI. */
    static String shortForm(String iri) {
        for (Map.Entry<String, String> e : PREFIXES.entrySet())
            if (iri.startsWith(e.getValue()) && iri.length() > e.getValue().length()) return e.getKey() + ":" + iri.substring(e.getValue().length());
        return iri;
    }
}
