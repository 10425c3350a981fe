package org.regiokg.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.jena.graph.Graph;
import org.apache.jena.query.QueryExecutionFactory;
import org.apache.jena.query.QuerySolution;
import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.graph.GraphFactory;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.cli.Main;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * {@code regiokg export} read back (TriG, gzipped N-Quads, Turtle of chosen graphs), and the VoID
 * description at /api/void: each count equals the COUNT query it stands for.
 */
@Tag("integration")
class ExportVoidTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String VOID = "http://rdfs.org/ns/void#";
    static final String LINKS = "https://w3id.org/regiokg/graph/links/places";
    static final String PLACES = "https://w3id.org/regiokg/graph/reference/places";
    static TestServer server;

    @TempDir
    static Path dir;

    @BeforeAll
    static void start() {
        server = TestServer.withCuratedGraph();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static int regiokg(String... args) {
        return Main.commandLine().execute(args);
    }

    // ---- export ----

    @Test
    void exportRoundTrips() throws Exception {
        Path storeDir = dir.resolve("store");
        String base = TestServer.PROJECT.toString();
        Path trig = dir.resolve("all.trig");
        assertThat(regiokg("export", "--store", storeDir.toString(), "--base-dir", base, "--output", trig.toString())).isZero();
        Path nq = dir.resolve("all.nq.gz");
        assertThat(regiokg("export", "--store", storeDir.toString(), "--format", "nquads", "--gzip", "--output", nq.toString())).isZero();
        Path ttl = dir.resolve("two.ttl");
        assertThat(regiokg("export", "--store", storeDir.toString(), "--format", "turtle", "--graph", LINKS, "--graph", PLACES,
                "--output", ttl.toString())).isZero();

        long quads;
        long unionOfTwo;
        try (Store store = Store.tdb2(storeDir)) {
            quads = store.quadCount();
            unionOfTwo = Txn.calculateRead(store.dataset(), () -> ((Number) QueryExec.dataset(store.dataset()).query(
                    "SELECT (COUNT(*) AS ?n) { SELECT DISTINCT ?s ?p ?o { VALUES ?g { <" + LINKS + "> <" + PLACES + "> } GRAPH ?g { ?s ?p ?o } } }")
                    .select().next().get("n").getLiteralValue()).longValue());
        }
        assertThat(quads).isGreaterThan(1000);

        DatasetGraph fromTrig = DatasetGraphFactory.createTxnMem();
        RDFParser.source(trig).lang(Lang.TRIG).parse(fromTrig);
        assertThat(count(fromTrig)).isEqualTo(quads);
        assertThat(fromTrig.getDefaultGraph().isEmpty()).isTrue();
        assertThat(fromTrig.containsGraph(org.apache.jena.graph.NodeFactory.createURI(LINKS))).isTrue();
        assertThat(Files.readString(trig)).contains("PREFIX rkg:").contains("place:olpe");

        DatasetGraph fromNq = DatasetGraphFactory.createTxnMem();
        try (InputStream in = new GZIPInputStream(Files.newInputStream(nq))) {
            RDFParser.source(in).lang(Lang.NQUADS).parse(fromNq);
        }
        assertThat(count(fromNq)).isEqualTo(quads);

        Graph two = GraphFactory.createDefaultGraph();
        RDFParser.source(ttl).lang(Lang.TURTLE).parse(two);
        assertThat((long) two.size()).isEqualTo(unionOfTwo).isPositive();
    }

    @Test
    void unknownGraphWritesNothing() {
        Path out = dir.resolve("none.trig");
        int exit = regiokg("export", "--memory", "--base-dir", TestServer.PROJECT.toString(),
                "--graph", "https://w3id.org/regiokg/graph/no-such-graph", "--output", out.toString());
        assertThat(exit).isEqualTo(2);
        assertThat(out).doesNotExist();
    }

    static long count(DatasetGraph ds) {
        long[] n = {0};
        ds.find().forEachRemaining(q -> n[0]++);
        return n[0];
    }

    // ---- VoID ----

    static Model voidOf(String accept, Lang lang) {
        HttpResponse<String> r = server.get("/api/void", accept);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith(lang.getHeaderString());
        Model m = ModelFactory.createDefaultModel();
        RDFParser.fromString(r.body(), lang).parse(m);
        return m;
    }

    /** One COUNT over the SPARQL endpoint. */
    static long sparqlCount(String query) throws Exception {
        HttpResponse<String> r = server.sparqlGet(query, "application/sparql-results+json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode b = JSON.readTree(r.body()).path("results").path("bindings").get(0);
        return b.path("n").path("value").asLong();
    }

    static long voidCount(Model m, String sparql) {
        try (var qe = QueryExecutionFactory.create("PREFIX void: <" + VOID + "> PREFIX owl: <http://www.w3.org/2002/07/owl#> "
                + "PREFIX dcterms: <http://purl.org/dc/terms/> PREFIX rkg: <https://w3id.org/regiokg/def#> " + sparql, m)) {
            var rs = qe.execSelect();
            assertThat(rs.hasNext()).as(sparql).isTrue();
            QuerySolution s = rs.next();
            return s.getLiteral("n").getLong();
        }
    }

    @Test
    void voidCountsEqualCountQueries() throws Exception {
        Model m = voidOf("text/turtle", Lang.TURTLE);
        String ds = "<https://w3id.org/regiokg/id/dataset/regiokg>";
        assertThat(voidCount(m, "SELECT ?n { " + ds + " a void:Dataset ; void:triples ?n }"))
                .isEqualTo(sparqlCount("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }"));
        assertThat(voidCount(m, "SELECT ?n { " + ds + " void:distinctSubjects ?n }"))
                .isEqualTo(sparqlCount("SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s ?p ?o }"));
        assertThat(voidCount(m, "SELECT ?n { " + ds + " void:classes ?n }"))
                .isEqualTo(sparqlCount("SELECT (COUNT(DISTINCT ?c) AS ?n) { ?s a ?c }"));
        assertThat(voidCount(m, "SELECT ?n { " + ds + " void:classPartition [ void:class rkg:Company ; void:entities ?n ] }"))
                .isEqualTo(sparqlCount("SELECT (COUNT(DISTINCT ?s) AS ?n) { ?s a <https://w3id.org/regiokg/def#Company> }"))
                .isPositive();
        assertThat(voidCount(m, "SELECT ?n { " + ds + " void:propertyPartition [ void:property owl:sameAs ; void:triples ?n ] }"))
                .isEqualTo(sparqlCount("SELECT (COUNT(*) AS ?n) { ?s <http://www.w3.org/2002/07/owl#sameAs> ?o }"));
        // One subset per named graph, with its own count and title.
        assertThat(voidCount(m, "SELECT (COUNT(?g) AS ?n) { " + ds + " void:subset ?g . ?g void:sparqlEndpoint ?e }"))
                .isEqualTo(sparqlCount("SELECT (COUNT(DISTINCT ?g) AS ?n) { GRAPH ?g { } }"));
        assertThat(voidCount(m, "SELECT ?n { " + ds + " void:subset <" + LINKS + "> . <" + LINKS + "> void:triples ?n ; dcterms:title ?t }"))
                .isEqualTo(sparqlCount("SELECT (COUNT(*) AS ?n) { GRAPH <" + LINKS + "> { ?s ?p ?o } }"));
        assertThat(m.listObjectsOfProperty(m.createResource(LINKS), m.createProperty("http://purl.org/dc/terms/title")).next().toString())
                .contains("Links of the reference places");
        // Linksets per target.
        long wikidata = voidCount(m, "SELECT ?n { ?l a void:Linkset ; void:linkPredicate owl:sameAs ; void:objectsTarget ?t ; void:triples ?n . "
                + "?t void:uriSpace \"http://www.wikidata.org/entity/\" }");
        assertThat(wikidata).isEqualTo(sparqlCount("SELECT (COUNT(*) AS ?n) { ?s <http://www.w3.org/2002/07/owl#sameAs> ?o "
                + "FILTER(STRSTARTS(STR(?o), 'http://www.wikidata.org/entity/')) }")).isGreaterThanOrEqualTo(19);
        long geonames = voidCount(m, "SELECT ?n { ?l a void:Linkset ; void:objectsTarget ?t ; void:triples ?n . ?t void:uriSpace \"https://sws.geonames.org/\" }");
        assertThat(geonames).isEqualTo(sparqlCount("SELECT (COUNT(*) AS ?n) { ?s <http://www.w3.org/2002/07/owl#sameAs> ?o "
                + "FILTER(STRSTARTS(STR(?o), 'https://sws.geonames.org/')) }"));
        long nuts = voidCount(m, "SELECT ?n { ?l a void:Linkset ; void:linkPredicate rkg:nutsRegion ; void:triples ?n }");
        assertThat(nuts).isEqualTo(sparqlCount("SELECT (COUNT(*) AS ?n) { ?s <https://w3id.org/regiokg/def#nutsRegion> ?o }")).isPositive();
        assertThat(m.listObjectsOfProperty(m.createResource("https://w3id.org/regiokg/id/dataset/regiokg"), m.createProperty(VOID + "sparqlEndpoint"))
                .next().toString()).isEqualTo(server.url("/kg/sparql"));
    }

    @Test
    void voidByContentNegotiation() {
        Model turtle = voidOf("*/*", Lang.TURTLE);
        Model jsonld = voidOf("application/ld+json", Lang.JSONLD);
        Model nt = voidOf("application/n-triples", Lang.NTRIPLES);
        assertThat(jsonld.isIsomorphicWith(turtle)).isTrue();
        assertThat(nt.isIsomorphicWith(turtle)).isTrue();
        assertThat(server.get("/api/void", "application/pdf").statusCode()).isEqualTo(406);
    }

    @Test
    void wellKnownVoidRedirects() {
        HttpResponse<String> r = server.get("/.well-known/void");
        assertThat(r.statusCode()).isEqualTo(303);
        assertThat(r.headers().firstValue("Location")).hasValue("/api/void");
    }
}
