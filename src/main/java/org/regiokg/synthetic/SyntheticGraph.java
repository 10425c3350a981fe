package org.regiokg.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.exec.QueryExec;
import org.regiokg.storage.Iris;

/**
 * A synthetic graph shaped like the curated one, for benchmarks: N organisations over the real
 * municipalities, with competences from the scheme, about 1 % world market leaders, agreements,
 * networks, partnerships, and people with roles over time. The same seed gives the same quads.
 */
public final class SyntheticGraph {
    private static final String RKG = Iris.DEF;
    private static final String ORG = "http://www.w3.org/ns/org#";
    private static final String GEO = "http://www.opengis.net/ont/geosparql#";
    private static final String TIME = "http://www.w3.org/2006/time#";
    private static final String RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type";
    private static final String LABEL = "http://www.w3.org/2000/01/rdf-schema#label";
    private static final String DCT = "http://purl.org/dc/terms/";
    private static final String FOAF = "http://xmlns.com/foaf/0.1/";

    private final List<Node> municipalities;
    private final List<Node> competences;
    private final List<Node> digitalCompetences;
    private final List<Node> roles;

    /** Reads the real places, competences and roles from the curated content. */
    public SyntheticGraph(DatasetGraph curated) {
        this.municipalities = column(curated, "SELECT DISTINCT ?p { GRAPH ?g { ?p a rkg:Municipality } } ORDER BY ?p");
        this.competences = column(curated, "SELECT DISTINCT ?c { GRAPH ?g { ?c skos:inScheme <" + Iris.ID + "scheme/competences> } } ORDER BY ?c");
        this.digitalCompetences = column(curated, "SELECT DISTINCT ?c { GRAPH ?g { ?c skos:broader+ <" + Iris.ID + "competence/digitalisation> } } ORDER BY ?c");
        this.roles = column(curated, "SELECT DISTINCT ?r { GRAPH ?g { ?r skos:inScheme <" + Iris.ID + "scheme/roles> } } ORDER BY ?r");
        if (municipalities.isEmpty() || competences.isEmpty() || digitalCompetences.isEmpty() || roles.isEmpty())
            throw new IllegalStateException("the curated content lacks municipalities, competences or roles to build on");
    }

    public static Node graphName(long organisations, long seed) {
        return iri(Iris.graph("synthetic", "n" + organisations + "-s" + seed));
    }

    /** Streams the synthetic graph's quads; returns how many. */
    public long write(long organisations, long seed, StreamRDF out) {
        SplittableRandom random = new SplittableRandom(seed);
        Node g = graphName(organisations, seed);
        Counter c = new Counter(out, g);
        out.start();
        c.add(g, iri(RDF_TYPE), iri(RKG + "SourceGraph"));
        c.add(g, iri(DCT + "title"), NodeFactory.createLiteralLang("Synthetic graph: " + organisations + " organisations, seed " + seed, "en"));
        c.add(g, iri(DCT + "source"), NodeFactory.createLiteralString("regiokg generate --organisations " + organisations + " --seed " + seed));
        for (long i = 0; i < organisations; i++) organisation(c, i, random);
        for (long k = 0; k < Math.max(1, organisations / 50); k++) agreement(c, k, organisations, random);
        for (long k = 0; k < Math.max(1, organisations / 500); k++) network(c, k, organisations, random);
        for (long k = 0; k < Math.max(1, organisations / 100); k++) {
            Node a = org(random.nextLong(organisations)), b = org(random.nextLong(organisations));
            if (!a.equals(b)) {
                c.add(a, iri(RKG + "partnerOf"), b);
                c.add(b, iri(RKG + "partnerOf"), a);
            }
        }
        for (long k = 0; k < Math.max(1, organisations / 2); k++) person(c, k, organisations, random);
        out.finish();
        return c.count;
    }

    private void organisation(Counter c, long i, SplittableRandom random) {
        Node o = org(i);
        Node site = iri(Iris.ID + "site/synthetic-" + i);
        int kind = random.nextInt(100);
        String type = kind < 85 ? "Company" : kind < 90 ? "University" : kind < 94 ? "ResearchInstitute"
                : kind < 97 ? "BusinessDevelopmentAgency" : "Association";
        c.add(o, iri(RDF_TYPE), iri(RKG + type));
        c.add(o, iri(LABEL), NodeFactory.createLiteralLang("Synthetische Organisation " + i, "de"));
        c.add(o, iri(ORG + "hasPrimarySite"), site);
        c.add(site, iri(RDF_TYPE), iri(ORG + "Site"));
        c.add(site, iri(GEO + "sfWithin"), pick(municipalities, random));
        int n = 1 + random.nextInt(3);
        for (int k = 0; k < n; k++) {
            // About a third of the organisations have a digital competence.
            List<Node> from = random.nextInt(3) == 0 ? digitalCompetences : competences;
            c.add(o, iri(RKG + "hasCompetence"), pick(from, random));
        }
        if (random.nextInt(100) == 0) {
            Node d = iri(Iris.ID + "designation/synthetic-" + i);
            c.add(d, iri(RDF_TYPE), iri(RKG + "WorldMarketLeaderDesignation"));
            c.add(d, iri(RKG + "designatedOrganisation"), o);
            c.add(d, iri(RKG + "niche"), NodeFactory.createLiteralLang("Niche " + random.nextInt(1000), "en"));
            c.add(d, iri(DCT + "source"), iri("https://example.org/synthetic/source/" + i));
        }
    }

    private void agreement(Counter c, long k, long organisations, SplittableRandom random) {
        Node a = iri(Iris.ID + "agreement/synthetic-" + k);
        c.add(a, iri(RDF_TYPE), iri(RKG + "CooperationAgreement"));
        c.add(a, iri(DCT + "title"), NodeFactory.createLiteralLang("Kooperationsvereinbarung " + k, "de"));
        c.add(a, iri(RKG + "party"), org(random.nextLong(organisations)));
        c.add(a, iri(RKG + "party"), org(random.nextLong(organisations)));
        c.add(a, iri(RKG + "signedOn"), date(random));
        c.add(a, iri(RKG + "signedAt"), pick(municipalities, random));
    }

    private void network(Counter c, long k, long organisations, SplittableRandom random) {
        Node n = iri(Iris.ID + "organisation/synthetic-network-" + k);
        c.add(n, iri(RDF_TYPE), iri(RKG + "Network"));
        c.add(n, iri(LABEL), NodeFactory.createLiteralLang("Synthetisches Netzwerk " + k, "de"));
        for (int m = 0; m < 20; m++) c.add(n, iri(ORG + "hasMember"), org(random.nextLong(organisations)));
    }

    private void person(Counter c, long k, long organisations, SplittableRandom random) {
        Node p = iri(Iris.ID + "person/synthetic-" + k);
        Node m = iri(Iris.ID + "membership/synthetic-" + k);
        Node interval = iri(Iris.ID + "interval/synthetic-" + k);
        Node begin = iri(Iris.ID + "interval/synthetic-" + k + "-begin");
        c.add(p, iri(RDF_TYPE), iri(FOAF + "Person"));
        c.add(p, iri(FOAF + "name"), NodeFactory.createLiteralString("Person " + k));
        c.add(m, iri(RDF_TYPE), iri(ORG + "Membership"));
        c.add(m, iri(ORG + "member"), p);
        c.add(m, iri(ORG + "organization"), org(random.nextLong(organisations)));
        c.add(m, iri(ORG + "role"), pick(roles, random));
        c.add(m, iri(ORG + "memberDuring"), interval);
        c.add(interval, iri(RDF_TYPE), iri(TIME + "Interval"));
        c.add(interval, iri(TIME + "hasBeginning"), begin);
        c.add(begin, iri(RDF_TYPE), iri(TIME + "Instant"));
        c.add(begin, iri(TIME + "inXSDDate"), date(random));
    }

    private static Node org(long i) {
        return iri(Iris.ID + "organisation/synthetic-" + i);
    }

    private static Node date(SplittableRandom random) {
        return NodeFactory.createLiteralDT(String.format("%04d-%02d-%02d", 2000 + random.nextInt(25), 1 + random.nextInt(12),
                1 + random.nextInt(28)), XSDDatatype.XSDdate);
    }

    private static Node pick(List<Node> from, SplittableRandom random) {
        return from.get(random.nextInt(from.size()));
    }

    private static Node iri(String iri) {
        return NodeFactory.createURI(iri);
    }

    private static List<Node> column(DatasetGraph ds, String query) {
        String prefixes = "PREFIX rkg: <" + RKG + "> PREFIX skos: <http://www.w3.org/2004/02/skos/core#> ";
        List<Node> nodes = new ArrayList<>();
        QueryExec.dataset(ds).query(QueryFactory.create(prefixes + query)).select()
                .forEachRemaining(b -> nodes.add(b.get(b.vars().next())));
        return List.copyOf(nodes);
    }

    private static final class Counter {
        private final StreamRDF out;
        private final Node graph;
        long count;

        Counter(StreamRDF out, Node graph) {
            this.out = out;
            this.graph = graph;
        }

        void add(Node s, Node p, Node o) {
            out.quad(Quad.create(graph, s, p, o));
            count++;
        }
    }
}
