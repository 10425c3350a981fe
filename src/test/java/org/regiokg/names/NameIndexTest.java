package org.regiokg.names;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.jena.graph.NodeFactory;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.server.RegioServer;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/** The name index as researchers use it: text:query on /kg/sparql over the union of the named graphs. */
@Tag("integration")
class NameIndexTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PREFIXES = "PREFIX text: <http://jena.apache.org/text#>\nPREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>\n";
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.withCuratedGraph();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    /** The things found for a Lucene query, best first. */
    static List<String> things(String lucene) throws Exception {
        String q = PREFIXES + "SELECT ?thing ?score WHERE { (?thing ?score) text:query (\"" + lucene.replace("\"", "\\\"") + "\" 20) } ORDER BY DESC(?score)";
        HttpResponse<String> r = server.sparqlGet(q, "application/sparql-results+json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        List<String> out = new ArrayList<>();
        for (JsonNode b : JSON.readTree(r.body()).path("results").path("bindings")) out.add(b.path("thing").path("value").asText());
        return out;
    }

    static final String TRILUX = "https://w3id.org/regiokg/id/organisation/trilux";
    static final String MK = "https://w3id.org/regiokg/id/place/maerkischer-kreis";

    @Test
    void findsNamesInTheUnionOfTheNamedGraphs() throws Exception {
        assertThat(things("Trilux")).contains(TRILUX);
        assertThat(things("TRILUX GmbH & Co. KG")).first().isEqualTo(TRILUX);
    }

    @Test
    void umlautsSharpSAndCaseAreOne() throws Exception {
        assertThat(things("Märkischer Kreis")).contains(MK);
        assertThat(things("maerkischer")).contains(MK);
        assertThat(things("MARKISCHER")).contains(MK);
    }

    @Test
    void toleratesTypos() throws Exception {
        assertThat(things("Trilx~")).contains(TRILUX);
        assertThat(things("Märkischr~ Kreis")).contains(MK);
    }

    /** The README's example, as it stands there. */
    @Test
    void readmeExampleFindsBothMaerkischerKreisDespiteTheTypo() throws Exception {
        String readme = Files.readString(TestServer.PROJECT.resolve("README.md"));
        int start = readme.indexOf("query=PREFIX text:");
        assertThat(start).as("the example is in the README").isPositive();
        String query = readme.substring(start + "query=".length(), readme.indexOf("'", start));
        HttpResponse<String> r = server.sparqlPost(query, "text/csv");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.body()).contains(MK, "https://w3id.org/regiokg/id/organisation/maerkischer-kreis", "Märkischer Kreis");
    }

    @Test
    void legalFormsAloneFindNothing() throws Exception {
        assertThat(things("GmbH")).isEmpty();
        assertThat(things("GmbH & Co. KG")).isEmpty();
    }

    @Test
    void writesAreIndexedInTheirTransaction() throws Exception {
        String iri = "https://w3id.org/regiokg/id/organisation/zwoelfgeschaefte";
        String graph = "https://w3id.org/regiokg/graph/notes/name-index-test";
        HttpResponse<String> r = server.update("INSERT DATA { GRAPH <" + graph + "> { <" + iri + "> <http://www.w3.org/2000/01/rdf-schema#label> \"Zwölf Geschäfte GmbH\"@de } }", TestServer.ADMIN_PASSWORD);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(things("zwoelf geschaefte")).containsExactly(iri);
        r = server.update("DROP GRAPH <" + graph + ">", TestServer.ADMIN_PASSWORD);
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(things("zwoelf geschaefte")).isEmpty();
    }

    @Test
    void anAbortedWriteLeavesNoName(@TempDir Path dir) throws Exception {
        try (Store store = Store.tdb2(dir.resolve("store"))) {
            var ds = store.dataset();
            try {
                Txn.executeWrite(ds, () -> {
                    ds.add(NodeFactory.createURI("https://w3id.org/g"), NodeFactory.createURI("https://w3id.org/regiokg/id/organisation/x"),
                            NodeFactory.createURI("http://www.w3.org/2000/01/rdf-schema#label"), NodeFactory.createLiteralString("Abgebrochen"));
                    throw new IllegalStateException("abort");
                });
            } catch (IllegalStateException expected) {
                // the write is rolled back, the index too
            }
            // (The store is not empty: the derived graphs describe their rules from the start.)
            var x = NodeFactory.createURI("https://w3id.org/regiokg/id/organisation/x");
            assertThat(Txn.calculateRead(ds, () -> ds.find(org.apache.jena.graph.Node.ANY, x, org.apache.jena.graph.Node.ANY, org.apache.jena.graph.Node.ANY).hasNext())).isFalse();
        }
        try (Store again = Store.tdb2(dir.resolve("store"))) {
            assertThat(Files.isDirectory(dir.resolve("store/text-index"))).isTrue();
        }
    }

    @Test
    void aStoreWrittenAroundTheIndexGetsItBuiltWhenOpened(@TempDir Path dir) throws Exception {
        Path storeDir = dir.resolve("store");
        try (Store store = Store.tdb2(storeDir)) {
            // Written to TDB2 itself, as the bulk loader does: the index does not see it.
            label(store.storage(), "y", "Umgangen");
        }
        try (Store store = Store.tdb2(storeDir);
             TestServer s = TestServer.over(store, RegioServer.builder(store))) {
            String q = PREFIXES + "SELECT ?thing { ?thing text:query \"umgangen\" }";
            assertThat(s.sparqlGet(q, "application/sparql-results+json").body()).contains("organisation/y");
        }
    }

    /**
     * Whether the index matches the data is decided when the store opens, not when Lucene first opens:
     * that is often inside the first write (a load, an update), whose uncommitted blocks already date the
     * data files after the stamp, and every such first write counted every name again (100 s at 10^6).
     * Here a name is taken out of the closed store's Lucene index (no data file changes), so only a count
     * (and the rebuild that follows it) would bring it back.
     */
    @Test
    void theFirstWriteAfterOpeningTrustsAStampThatWasCurrent(@TempDir Path dir) throws Exception {
        Path storeDir = storeWithANameOutOfLucene(dir);
        try (Store store = Store.tdb2(storeDir)) {
            assertThat(store.names().isOpen()).isFalse();
            label(store.dataset(), "u", "Zuerstgeschrieben");
            assertThat(store.names().isOpen()).as("the write opened it").isTrue();
            assertNotRebuilt(store, "the stamp was current when the store opened", "organisation/u");
        }
    }

    /**
     * A store whose rules are derived again when it opens (here: its derivation stamp is gone, as after a
     * write around the rules or with a changed rule) keeps a name index that matched: the refresh writes
     * derived facts only, which hold no names, so the first write after it, in that process or the next,
     * does not count every name.
     */
    @Test
    void theRulesRefreshAtOpeningLeavesAMatchingIndexTrusted(@TempDir Path dir) throws Exception {
        Path storeDir = storeWithANameOutOfLucene(dir);
        Files.delete(storeDir.resolve("derived.stamp"));
        try (Store store = Store.tdb2(storeDir)) {
            assertThat(store.names().isOpen()).as("an opening that only refreshes the rules").isFalse();
        }
        try (Store store = Store.tdb2(storeDir)) {
            label(store.dataset(), "u", "Zuerstgeschrieben");
            assertNotRebuilt(store, "after the rules' refresh", "organisation/u");
        }
    }

    /**
     * An aborted write changes neither the data nor the index, though TDB2 has written blocks into its
     * data files: the next opening still trusts an index that matched, and does not count every name.
     */
    @Test
    void anAbortedWriteLeavesAMatchingIndexTrusted(@TempDir Path dir) throws Exception {
        Path storeDir = storeWithANameOutOfLucene(dir);
        try (Store store = Store.tdb2(storeDir)) {
            var ds = store.dataset();
            org.assertj.core.api.Assertions.assertThatThrownBy(() -> Txn.executeWrite(ds, () -> {
                for (int i = 0; i < 200; i++)
                    ds.add(NodeFactory.createURI("https://w3id.org/g"), NodeFactory.createURI("https://w3id.org/regiokg/id/organisation/x" + i),
                            NodeFactory.createURI("http://www.w3.org/2000/01/rdf-schema#label"), NodeFactory.createLiteralString("Abgebrochen " + i));
                throw new IllegalStateException("the write fails");
            })).hasMessage("the write fails");
        }
        try (Store store = Store.tdb2(storeDir)) {
            label(store.dataset(), "u", "Zuerstgeschrieben");
            try (TestServer s = TestServer.over(store, RegioServer.builder(store))) {
                assertThat(textQuery(s, "abgebrochen")).doesNotContain("organisation/x");
            }
            assertNotRebuilt(store, "after an aborted write", "organisation/u");
        }
    }

    /** A closed store with the organisation w ("Durchgeschrieben") in its data but taken out of its Lucene index (no data file changes). */
    private static Path storeWithANameOutOfLucene(Path dir) throws Exception {
        Path storeDir = dir.resolve("store");
        try (Store store = Store.tdb2(storeDir)) {
            label(store.dataset(), "w", "Durchgeschrieben");
        }
        try (var lucene = org.apache.lucene.store.FSDirectory.open(storeDir.resolve("text-index"));
             var writer = new org.apache.lucene.index.IndexWriter(lucene, new org.apache.lucene.index.IndexWriterConfig())) {
            writer.deleteDocuments(new org.apache.lucene.index.Term("uri", "https://w3id.org/regiokg/id/organisation/w"));
        }
        return storeDir;
    }

    /** The name written first ({@code written}, "Zuerstgeschrieben") is found; w is not: no count and rebuild brought it back. */
    private static void assertNotRebuilt(Store store, String when, String written) throws Exception {
        try (TestServer s = TestServer.over(store, RegioServer.builder(store))) {
            assertThat(textQuery(s, "zuerstgeschrieben")).contains(written);
            assertThat(textQuery(s, "durchgeschrieben")).as("not counted and rebuilt: " + when).doesNotContain("organisation/w");
        }
    }

    /** The SPARQL JSON answer of a text:query for {@code words}. */
    private static String textQuery(TestServer s, String words) throws Exception {
        return s.sparqlGet(PREFIXES + "SELECT ?thing { ?thing text:query \"" + words + "\" }", "application/sparql-results+json").body();
    }

    @Test
    void questionsLeaveLuceneClosedAndTheFirstNameSearchOpensIt(@TempDir Path dir) throws Exception {
        Path storeDir = dir.resolve("store");
        try (Store store = Store.tdb2(storeDir)) {
            label(store.dataset(), "z", "Spätgeöffnet");
            assertThat(store.names().isOpen()).as("a write opens it").isTrue();
        }
        try (Store store = Store.tdb2(storeDir);
             TestServer s = TestServer.over(store, RegioServer.builder(store))) {
            HttpResponse<String> all = s.sparqlGet("SELECT (COUNT(*) AS ?n) { ?s ?p ?o }", "application/sparql-results+json");
            assertThat(all.statusCode()).isEqualTo(200);
            assertThat(store.names().isOpen()).as("a server's start and a query without text:query").isFalse();
            String q = PREFIXES + "SELECT ?thing { ?thing text:query \"spätgeöffnet\" }";
            assertThat(s.sparqlGet(q, "application/sparql-results+json").body()).contains("organisation/z");
            assertThat(store.names().isOpen()).isTrue();
        }
    }

    /** The stored question over the index: rows of thing, label, kind, score, best first. */
    static JsonNode nameSearch(String args) throws Exception {
        HttpResponse<String> r = server.get("/api/questions/name-search?" + args, "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void nameSearchQuestionFindsByNameWithTyposAndKind() throws Exception {
        JsonNode rows = nameSearch("name=" + TestServer.encode("TRILUX GmbH & Co. KG"));
        assertThat(rows.get(0).path("thing").asText()).isEqualTo(TRILUX);
        assertThat(rows.get(0).path("label").asText()).isIn("Trilux", "TRILUX GmbH & Co. KG");
        assertThat(rows.get(0).path("kind").asText()).isEqualTo("https://w3id.org/regiokg/def#Company");
        assertThat(rows.get(0).path("score").asDouble()).isPositive();

        JsonNode typo = nameSearch("name=" + TestServer.encode("Maerkischr Kreis"));
        assertThat(typo.get(0).path("thing").asText()).isIn(MK, "https://w3id.org/regiokg/id/organisation/maerkischer-kreis");

        JsonNode places = nameSearch("name=" + TestServer.encode("Märkischer Kreis") + "&kind=" + TestServer.encode("https://w3id.org/regiokg/def#Place"));
        List<String> things = new ArrayList<>();
        places.forEach(r -> things.add(r.path("thing").asText()));
        assertThat(things).contains(MK).doesNotContain("https://w3id.org/regiokg/id/organisation/maerkischer-kreis");

        assertThat(nameSearch("name=" + TestServer.encode("\"(( GmbH:*"))).isEmpty();
    }

    @Test
    void curatedContentIsIndexedOnLoad() {
        try (Store store = Store.inMemory()) {
            new CuratedContent(TestServer.PROJECT).loadInto(store);
            assertThat(store.quadCount()).isGreaterThan(500);
        }
    }

    /** Writes an organisation's label into a graph of {@code ds}, in a write transaction of its own. */
    private static void label(org.apache.jena.sparql.core.DatasetGraph ds, String slug, String label) {
        Txn.executeWrite(ds, () -> ds.add(NodeFactory.createURI("https://w3id.org/g"), NodeFactory.createURI("https://w3id.org/regiokg/id/organisation/" + slug),
                NodeFactory.createURI("http://www.w3.org/2000/01/rdf-schema#label"), NodeFactory.createLiteralString(label)));
    }
}
