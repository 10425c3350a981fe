package org.regiokg.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.zip.GZIPOutputStream;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/** regiokg load's loader: syntaxes by extension and gzip, graphs, provenance, all or nothing, shapes. */
@Tag("integration")
class RdfLoadTest {
    static final String PREFIXES = "@prefix rkg: <https://w3id.org/regiokg/def#> . @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n"
            + "@prefix org: <http://www.w3.org/ns/org#> .\n";
    static final String COMPANY = PREFIXES + "<https://w3id.org/regiokg/id/organisation/loaded-co> a rkg:Company ; rdfs:label \"Loaded Co\"@de .\n";
    static final Node LOADED = NodeFactory.createURI("https://w3id.org/regiokg/id/organisation/loaded-co");

    @TempDir
    Path dir;
    Store store;
    RdfLoader loader;

    @BeforeEach
    void open() {
        store = TestServer.curatedStore(false);
        loader = new RdfLoader(store, TestServer.importer(store).shapes());
    }

    @AfterEach
    void close() {
        store.close();
    }

    @Test
    void triplesIntoTheFilesGraphQuadsIntoTheirsGzipByExtension() throws IOException {
        Path ttl = write("companies.ttl", COMPANY);
        Path nq = dir.resolve("other.nq.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(nq))) {
            out.write(("<https://w3id.org/regiokg/id/organisation/loaded-co> <http://www.w3.org/2000/01/rdf-schema#comment> \"from quads\" "
                    + "<https://w3id.org/regiokg/graph/test/quads> .\n").getBytes(StandardCharsets.UTF_8));
        }
        long before = store.quadCount();
        LoadReport report = loader.load(List.of(RdfLoader.Source.file(ttl), RdfLoader.Source.file(nq)), Optional.empty(), "tester", RdfLoader.Progress.NONE);

        assertThat(report.graphs()).containsEntry("https://w3id.org/regiokg/graph/load/companies", 2L)
                .containsEntry("https://w3id.org/regiokg/graph/test/quads", 1L);
        assertThat(report.statements()).isEqualTo(3);
        assertThat(report.checked()).startsWith("all ");
        Node g = NodeFactory.createURI("https://w3id.org/regiokg/graph/load/companies");
        Txn.executeRead(store.dataset(), () -> {
            assertThat(store.dataset().contains(g, LOADED, Node.ANY, Node.ANY)).isTrue();
            assertThat(store.dataset().find(org.apache.jena.sparql.core.Quad.defaultGraphIRI, Node.ANY, Node.ANY, Node.ANY).hasNext())
                    .as("nothing in the real default graph").isFalse();
            // Described like an import: the file, the activity with who, when, how many, how large.
            assertThat(store.dataset().contains(g, g, NodeFactory.createURI("http://purl.org/dc/terms/source"), NodeFactory.createLiteralString("companies.ttl"))).isTrue();
            var activities = store.dataset().find(g, g, NodeFactory.createURI("http://www.w3.org/ns/prov#wasGeneratedBy"), Node.ANY).next().getObject();
            assertThat(store.dataset().contains(g, activities, NodeFactory.createURI("http://www.w3.org/ns/prov#wasAssociatedWith"), NodeFactory.createLiteralString("tester"))).isTrue();
            assertThat(store.dataset().find(g, activities, NodeFactory.createURI("http://rdfs.org/ns/void#triples"), Node.ANY).next().getObject().getLiteralLexicalForm()).isEqualTo("2");
        });
        assertThat(store.quadCount()).isGreaterThan(before + 3);
    }

    @Test
    void aParseErrorInAnyFileWritesNothingAndSaysWhere() throws IOException {
        Path good = write("good.ttl", COMPANY);
        Path bad = write("bad.ttl", PREFIXES + "<urn:a> <urn:b> <urn:c> .\n<urn:a> <urn:b> \"unterminated .\n");
        long before = store.quadCount();
        assertThatThrownBy(() -> loader.load(List.of(RdfLoader.Source.file(good), RdfLoader.Source.file(bad)), Optional.of("https://example.org/g"), "t", RdfLoader.Progress.NONE))
                .isInstanceOf(RdfLoadException.class).hasMessageStartingWith("bad.ttl:5:1: Broken token (newline in string)").hasMessageContaining("nothing was loaded");
        assertThat(store.quadCount()).isEqualTo(before);
    }

    @Test
    void shapeViolationsWriteNothing() throws IOException {
        Path noLabel = write("nolabel.ttl", PREFIXES + "<https://w3id.org/regiokg/id/organisation/nameless> a rkg:Company .\n");
        long before = store.quadCount();
        assertThatThrownBy(() -> loader.load(List.of(RdfLoader.Source.file(noLabel)), Optional.empty(), "t", RdfLoader.Progress.NONE))
                .isInstanceOf(ImportFailed.class).hasMessageContaining("rdfs:label");
        assertThat(store.quadCount()).isEqualTo(before);
    }

    @Test
    void theDefaultGraphIsRefused() throws IOException {
        Path ttl = write("x.ttl", COMPANY);
        assertThatThrownBy(() -> loader.load(List.of(RdfLoader.Source.file(ttl)), Optional.of("urn:x-arq:DefaultGraph"), "t", RdfLoader.Progress.NONE))
                .isInstanceOf(RdfLoadException.class).hasMessageContaining("named graphs");
        Path trig = write("y.trig", "<urn:s> <urn:p> <urn:o> . GRAPH <urn:x-arq:UnionGraph> { <urn:s> <urn:p> <urn:o2> }");
        long before = store.quadCount();
        assertThatThrownBy(() -> loader.load(List.of(RdfLoader.Source.file(trig)), Optional.empty(), "t", RdfLoader.Progress.NONE))
                .isInstanceOf(RdfLoadException.class).hasMessageContaining("graphs must be named");
        assertThat(store.quadCount()).isEqualTo(before);
        assertThatThrownBy(() -> RdfLoader.Source.file(write("z.csv", "a,b")))
                .isInstanceOf(RdfLoadException.class).hasMessageContaining("unknown RDF syntax");
    }

    /** Loads write TDB2 under the layers: the name index and the derived facts must still follow, all or nothing. */
    @Test
    void namesAndDerivedFactsFollowALoadInItsTransactionAndNotAFailedOne() throws IOException {
        Path bad = write("half.ttl", PREFIXES + "<https://w3id.org/regiokg/id/organisation/verworfen> a rkg:Company ; rdfs:label \"Verworfenwerk\"@de .\n"
                + "<https://w3id.org/regiokg/id/organisation/nameless> a rkg:Company .\n");
        assertThatThrownBy(() -> loader.load(List.of(RdfLoader.Source.file(bad)), Optional.empty(), "t", RdfLoader.Progress.NONE))
                .isInstanceOf(ImportFailed.class);
        assertThat(named("verworfenwerk")).as("a name of a failed load is not in the index").isEmpty();

        loader.load(List.of(RdfLoader.Source.file(write("named.ttl", COMPANY))), Optional.empty(), "t", RdfLoader.Progress.NONE);
        assertThat(named("loaded")).contains(LOADED.getURI());
        // The type closure (rules/types.rq) states the company's superclasses in its derived graph.
        Node derived = org.regiokg.derive.Rule.graphOf("types");
        assertThat(Txn.calculateRead(store.dataset(), () -> store.dataset().contains(derived, LOADED, org.apache.jena.vocabulary.RDF.type.asNode(), Node.ANY)))
                .as("derived facts of the loaded company").isTrue();
    }

    /** The load's own quads are in its change set (not only what the rules derived), a quad already there is no change, a failed load records nothing. */
    @Test
    void aLoadIsRecordedInTheChangeLogWithItsQuads() throws IOException {
        var log = store.changes();
        Path bad = write("bad.ttl", COMPANY + "<https://w3id.org/regiokg/id/organisation/nameless> a rkg:Company .\n");
        long version = log.version();
        assertThatThrownBy(() -> loader.load(List.of(RdfLoader.Source.file(bad)), Optional.empty(), "t", RdfLoader.Progress.NONE))
                .isInstanceOf(ImportFailed.class);
        assertThat(log.version()).as("a failed load records nothing").isEqualTo(version);

        Node graph = NodeFactory.createURI(RdfLoader.graphFor("named.ttl"));
        loader.load(List.of(RdfLoader.Source.file(write("named.ttl", COMPANY))), Optional.empty(), "loader", RdfLoader.Progress.NONE);
        org.regiokg.history.ChangeSet set = log.since(version, 10).get(0);
        assertThat(set.by().who()).isEqualTo("loader");
        assertThat(added(log, set.sequence())).as("the loaded statements")
                .contains(org.apache.jena.sparql.core.Quad.create(graph, LOADED, org.apache.jena.vocabulary.RDF.type.asNode(),
                        NodeFactory.createURI("https://w3id.org/regiokg/def#Company")))
                .anyMatch(q -> q.getGraph().equals(org.regiokg.derive.Rule.graphOf("types")) && q.getSubject().equals(LOADED));
        assertThat(set.graphs().get(graph.getURI()).added()).as("two statements and the load's description").isGreaterThan(2);

        // The same file again: its two statements are there already; only the new description is a change.
        loader.load(List.of(RdfLoader.Source.file(write("named.ttl", COMPANY))), Optional.empty(), "loader", RdfLoader.Progress.NONE);
        org.regiokg.history.ChangeSet again = log.since(set.sequence(), 10).get(0);
        assertThat(again.graphs().keySet()).containsExactly(graph.getURI());
        assertThat(added(log, again.sequence())).noneMatch(q -> q.getSubject().equals(LOADED));
    }

    private static java.util.Set<org.apache.jena.sparql.core.Quad> added(org.regiokg.history.ChangeLog log, long sequence) {
        var added = new java.util.HashSet<org.apache.jena.sparql.core.Quad>();
        log.readPatch(sequence).apply(new org.apache.jena.rdfpatch.changes.RDFChangesBase() {
            @Override
            public void add(Node g, Node s, Node p, Node o) {
                added.add(org.apache.jena.sparql.core.Quad.create(g, s, p, o));
            }
        });
        return added;
    }

    private List<String> named(String word) {
        String q = "PREFIX text: <http://jena.apache.org/text#> SELECT ?thing { ?thing text:query \"" + word + "\" }";
        return Txn.calculateRead(store.dataset(), () -> org.apache.jena.sparql.exec.QueryExec.dataset(store.dataset()).query(q).select()
                .materialize().stream().map(b -> b.get("thing").getURI()).toList());
    }

    private Path write(String name, String content) throws IOException {
        Path p = dir.resolve(name);
        Files.writeString(p, content);
        return p;
    }
}
