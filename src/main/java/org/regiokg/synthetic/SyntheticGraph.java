package org.regiokg.synthetic;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.system.StreamRDF;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.regiokg.sparql.SparqlFile;
import org.regiokg.vocab.Vocabulary;

/**
 * A synthetic graph shaped like the curated one, for benchmarks: N organisations over the real
 * municipalities, with competences from the scheme, about 1 % world market leaders, agreements,
 * networks, partnerships, and people with roles over time. The same seed gives the same quads.
 */
public final class SyntheticGraph {
    private static final String RKG = Vocabulary.DEF;
    private static final String ORG = Vocabulary.ORG;
    private static final String GEO = Vocabulary.GEO;
    private static final String TIME = Vocabulary.TIME;
    private static final String RDF_TYPE = Vocabulary.RDF + "type";
    private static final String LABEL = Vocabulary.RDFS + "label";
    private static final String DCT = Vocabulary.DCTERMS;
    private static final String FOAF = Vocabulary.FOAF;
    private static final SparqlFile MUNICIPALITIES = SparqlFile.resource(SyntheticGraph.class, "municipalities.rq");
    private static final SparqlFile CONCEPTS_IN_SCHEME = SparqlFile.resource(SyntheticGraph.class, "concepts-in-scheme.rq");
    private static final SparqlFile NARROWER_CONCEPTS = SparqlFile.resource(SyntheticGraph.class, "narrower-concepts.rq");

    private final List<Node> municipalities;
    private final List<Node> competences;
    private final List<Node> digitalCompetences;
    private final List<Node> roles;

    /** Reads the real places, competences and roles from the curated content. */
    public SyntheticGraph(DatasetGraph curated) {
        this.municipalities = column(curated, MUNICIPALITIES, Map.of());
        this.competences = column(curated, CONCEPTS_IN_SCHEME, Map.of("scheme", iri(Vocabulary.thing("scheme", "competences"))));
        this.digitalCompetences = column(curated, NARROWER_CONCEPTS, Map.of("concept", iri(Vocabulary.thing("competence", "digitalisation"))));
        this.roles = column(curated, CONCEPTS_IN_SCHEME, Map.of("scheme", iri(Vocabulary.thing("scheme", "roles"))));
        if (municipalities.isEmpty() || competences.isEmpty() || digitalCompetences.isEmpty() || roles.isEmpty())
            throw new IllegalStateException("the curated content lacks municipalities, competences or roles to build on");
    }

    public static Node graphName(long organisations, long seed) {
        return iri(Vocabulary.graph("synthetic", "n" + organisations + "-s" + seed));
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
        Node site = iri(Vocabulary.ID + "site/synthetic-" + i);
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
            Node d = iri(Vocabulary.ID + "designation/synthetic-" + i);
            c.add(d, iri(RDF_TYPE), iri(RKG + "WorldMarketLeaderDesignation"));
            c.add(d, iri(RKG + "designatedOrganisation"), o);
            c.add(d, iri(RKG + "niche"), NodeFactory.createLiteralLang("Niche " + random.nextInt(1000), "en"));
            c.add(d, iri(DCT + "source"), iri("https://example.org/synthetic/source/" + i));
        }
    }

    private void agreement(Counter c, long k, long organisations, SplittableRandom random) {
        Node a = iri(Vocabulary.ID + "agreement/synthetic-" + k);
        c.add(a, iri(RDF_TYPE), iri(RKG + "CooperationAgreement"));
        c.add(a, iri(DCT + "title"), NodeFactory.createLiteralLang("Kooperationsvereinbarung " + k, "de"));
        c.add(a, iri(RKG + "party"), org(random.nextLong(organisations)));
        c.add(a, iri(RKG + "party"), org(random.nextLong(organisations)));
        c.add(a, iri(RKG + "signedOn"), date(random));
        c.add(a, iri(RKG + "signedAt"), pick(municipalities, random));
    }

    private void network(Counter c, long k, long organisations, SplittableRandom random) {
        Node n = iri(Vocabulary.ID + "organisation/synthetic-network-" + k);
        c.add(n, iri(RDF_TYPE), iri(RKG + "Network"));
        c.add(n, iri(LABEL), NodeFactory.createLiteralLang("Synthetisches Netzwerk " + k, "de"));
        for (int m = 0; m < 20; m++) c.add(n, iri(ORG + "hasMember"), org(random.nextLong(organisations)));
    }

    private void person(Counter c, long k, long organisations, SplittableRandom random) {
        Node p = iri(Vocabulary.ID + "person/synthetic-" + k);
        Node m = iri(Vocabulary.ID + "membership/synthetic-" + k);
        Node interval = iri(Vocabulary.ID + "interval/synthetic-" + k);
        Node begin = iri(Vocabulary.ID + "interval/synthetic-" + k + "-begin");
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
        return iri(Vocabulary.ID + "organisation/synthetic-" + i);
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

    private static List<Node> column(DatasetGraph ds, SparqlFile query, Map<String, Node> values) {
        List<Node> nodes = new ArrayList<>();
        query.select(ds, values, b -> nodes.add(b.get(b.vars().next())));
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
