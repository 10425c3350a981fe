package org.regiokg.derive;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.apache.jena.dboe.base.file.Location;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.sys.TDBInternal;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.ingest.CsvImporter;
import org.regiokg.ingest.ImportFailed;
import org.regiokg.vocab.Vocabulary;
import org.regiokg.history.AsOf;
import org.regiokg.history.ChangeLog;
import org.regiokg.history.ChangeSet;
import org.regiokg.history.Revert;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/** Derived facts: kept in their own graphs, re-derived in the transaction of every write, whoever writes. */
@Tag("integration")
class DerivedFactsTest {
    static final String PREFIXES = """
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            PREFIX org: <http://www.w3.org/ns/org#>
            PREFIX rkg: <https://w3id.org/regiokg/def#>
            PREFIX id: <https://w3id.org/regiokg/id/>
            """;
    static final String PARTNERS_HEADER = "name_a,town_a,district_a,name_b,town_b,district_b,since,topic,source_url\n";
    static final Node ALPHA = NodeFactory.createURI(Vocabulary.ID + "organisation/alpha-werke");
    static final Node GONICUS = NodeFactory.createURI(Vocabulary.ID + "organisation/gonicus");
    static final Node TRILUX = NodeFactory.createURI(Vocabulary.ID + "organisation/trilux");
    static final Node TIED = NodeFactory.createURI(Vocabulary.DEF + "tiedWith");
    static final Node DECLARED = NodeFactory.createURI(Vocabulary.DEF + "declaredPartnerWith");
    static final Node DIGITAL_TIE = NodeFactory.createURI(Vocabulary.DEF + "digitalTie");
    static final Node PARTNER_OF = NodeFactory.createURI(Vocabulary.DEF + "partnerOf");
    static final Node TIES = Rule.graphOf("ties");
    static final Node DIGITAL = Rule.graphOf("digital");

    @Test
    void theReadmeExampleAnswersOverHttp() throws Exception {
        try (TestServer server = TestServer.withCuratedGraph()) {
            for (String cls : List.of("http://www.w3.org/ns/org#FormalOrganization", "http://www.w3.org/ns/org#Organization")) {
                var response = server.sparqlGet("SELECT ?org ?label { ?org a <" + cls + "> ; <http://www.w3.org/2000/01/rdf-schema#label> ?label } LIMIT 10",
                        "application/sparql-results+json");
                assertThat(response.statusCode()).isEqualTo(200);
                JsonNode rows = new ObjectMapper().readTree(response.body()).path("results").path("bindings");
                assertThat(rows).as(cls).hasSize(10);
            }
            // Trilux is asserted a company only; the rest is the closure.
            var trilux = server.sparqlGet(PREFIXES + "ASK { id:organisation\\/trilux a org:FormalOrganization , org:Organization }", "application/sparql-results+json");
            assertThat(new ObjectMapper().readTree(trilux.body()).path("boolean").asBoolean()).isTrue();
        }
    }

    @Test
    void derivedGraphsAreDistinctFromSourceGraphs() {
        try (Store store = TestServer.curatedStore(false)) {
            List<List<String>> graphs = select(store, "SELECT DISTINCT ?g { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g");
            List<String> derived = graphs.stream().map(r -> r.get(0)).filter(g -> g.startsWith(Vocabulary.GRAPH + "derived/")).toList();
            assertThat(derived).containsExactlyInAnyOrder(Rules.packaged().stream().map(r -> r.graph().getURI()).toArray(String[]::new));
            // No source graph is a derived one, and no derived graph calls itself a source.
            assertThat(select(store, "SELECT ?g { ?g a rkg:SourceGraph FILTER(STRSTARTS(STR(?g), \"" + Vocabulary.GRAPH + "derived/\")) }")).isEmpty();
            // GRAPH ?g tells the asserted class from the inferred ones.
            assertThat(select(store, "SELECT ?g { GRAPH ?g { id:organisation\\/trilux a org:FormalOrganization } }"))
                    .containsExactly(List.of(Rule.graphOf("types").getURI()));
            assertThat(select(store, "SELECT ?g { GRAPH ?g { id:organisation\\/trilux a rkg:Company } }"))
                    .isNotEmpty().allSatisfy(r -> assertThat(Rule.isDerivedGraph(NodeFactory.createURI(r.get(0)))).isFalse());
        }
    }

    @Test
    void aCsvImportOfAPartnershipUpdatesTheTiesInItsOwnTransaction() {
        try (Store store = TestServer.curatedStore(false)) {
            Set<Quad> before = derived(store);
            assertThat(before).doesNotContain(Quad.create(TIES, ALPHA, TIED, GONICUS));
            long version = version(store);

            importPartners(store, "Alpha Werke,Attendorn,Kreis Olpe,GONICUS GmbH,Arnsberg,Hochsauerlandkreis,2019,open-source,https://example.org/s\n");

            // One commit: the import and what it derives became visible together.
            assertThat(version(store)).isEqualTo(version + 1);
            Set<Quad> after = derived(store);
            assertThat(after).contains(Quad.create(TIES, ALPHA, TIED, GONICUS), Quad.create(TIES, GONICUS, TIED, ALPHA),
                    Quad.create(TIES, ALPHA, DECLARED, GONICUS), Quad.create(TIES, GONICUS, DECLARED, ALPHA),
                    // GONICUS has open-source competence: Alpha Werke now has a digital tie.
                    Quad.create(DIGITAL, ALPHA, DIGITAL_TIE, GONICUS));
            // The new organisation got its types and its seat's point.
            assertThat(select(store, "ASK { id:organisation\\/alpha-werke a org:Organization ; rkg:seatPoint ?p }")).isNotEmpty();
            // What was derived for the changed things only equals what deriving everything again gives.
            DerivedFacts facts = DerivedFacts.in(store.dataset()).orElseThrow();
            facts.rederiveAll();
            assertThat(derived(store)).isEqualTo(after);
        }
    }

    @Test
    void aLeaderThatGainsADigitalPartnerLeavesTheAgencysListInTheSameWrite() {
        try (Store store = TestServer.curatedStore(true)) {   // the world market leaders are a default import
            String lacking = "SELECT ?d { ?d rkg:designatedOrganisation id:organisation\\/viega ; rkg:lacksDigitalPartnerIn id:place\\/suedwestfalen }";
            assertThat(select(store, lacking)).as("Viega, a world market leader without a digital partner").isNotEmpty();
            assertThat(select(store, "ASK { ?d rkg:designatedOrganisation id:organisation\\/viega ; rkg:lacksDigitalPartnerIn id:place\\/dortmund }")).isEmpty();

            importPartners(store, "Viega,Attendorn,Kreis Olpe,GONICUS GmbH,Arnsberg,Hochsauerlandkreis,2019,open-source,https://example.org/s\n");

            assertThat(select(store, lacking)).as("tied to GONICUS, which has a digital competence").isEmpty();
            Set<Quad> after = derived(store);
            DerivedFacts.in(store.dataset()).orElseThrow().rederiveAll();
            assertThat(derived(store)).isEqualTo(after);
        }
    }

    @Test
    void anAbortedWriteLeavesTheDerivedFactsAsTheyWere() {
        try (Store store = TestServer.curatedStore(false)) {
            Set<Quad> before = derived(store);
            DatasetGraph ds = store.dataset();
            assertThatThrownBy(() -> Txn.executeWrite(ds, () -> {
                ds.add(NodeFactory.createURI(Vocabulary.graph("notes", "test")), TRILUX, PARTNER_OF, GONICUS);
                throw new IllegalStateException("changed my mind");
            })).hasMessage("changed my mind");
            assertThat(derived(store)).isEqualTo(before);
            assertThat(select(store, "ASK { id:organisation\\/trilux rkg:partnerOf ?x }")).isEmpty();

            // An import refused for a bad row writes nothing, derived or not.
            assertThatThrownBy(() -> importPartners(store,
                    "Alpha Werke,Attendorn,Kreis Olpe,GONICUS GmbH,Arnsberg,Hochsauerlandkreis,2019,open-source,https://example.org/s\n"
                            + "Beta,Attendorn,Kreis Olpe,GONICUS GmbH,Arnsberg,Hochsauerlandkreis,20x9,,https://example.org/s\n"))
                    .isInstanceOf(ImportFailed.class);
            assertThat(derived(store)).isEqualTo(before);
        }
    }

    @Test
    void aSparqlUpdateThroughFusekiReDerives() throws Exception {
        try (TestServer server = TestServer.withCuratedGraph()) {
            String triple = "<" + TRILUX.getURI() + "> <" + PARTNER_OF.getURI() + "> <" + GONICUS.getURI() + ">";
            String graph = Vocabulary.graph("notes", "test");
            assertThat(ask(server, "ASK { id:organisation\\/trilux rkg:digitalTie id:organisation\\/gonicus }")).isFalse();

            assertThat(server.update("INSERT DATA { GRAPH <" + graph + "> { " + triple + " } }", TestServer.ADMIN_PASSWORD).statusCode()).isEqualTo(200);
            assertThat(ask(server, "ASK { GRAPH <" + TIES.getURI() + "> { id:organisation\\/gonicus rkg:declaredPartnerWith id:organisation\\/trilux } }")).isTrue();
            assertThat(ask(server, "ASK { GRAPH <" + DIGITAL.getURI() + "> { id:organisation\\/trilux rkg:digitalTie id:organisation\\/gonicus } }")).isTrue();

            assertThat(server.update("DROP GRAPH <" + graph + ">", TestServer.ADMIN_PASSWORD).statusCode()).isEqualTo(200);
            assertThat(ask(server, "ASK { id:organisation\\/trilux rkg:declaredPartnerWith id:organisation\\/gonicus }")).isFalse();
            assertThat(ask(server, "ASK { id:organisation\\/trilux rkg:digitalTie id:organisation\\/gonicus }")).isFalse();
        }
    }

    @Test
    void aBulkLoadAroundTheRulesIsDerivedWhenTheStoreOpens(@TempDir Path dir) {
        try (Store store = Store.tdb2(dir)) {
            Txn.executeWrite(store.dataset(), () -> store.dataset().add(NodeFactory.createURI(Vocabulary.graph("notes", "a")), TRILUX, PARTNER_OF, ALPHA));
            assertThat(derived(store)).contains(Quad.create(TIES, ALPHA, TIED, TRILUX));
        }
        try (Store store = Store.tdb2(dir)) {
            assertThat((DerivedFacts.in(store.dataset()).orElseThrow()).lastRun()).as("nothing written around the rules: nothing to derive").isEmpty();
        }
        // What TDB2's bulk loader does: write to the store without the rules.
        DatasetGraph bare = DatabaseMgr.connectDatasetGraph(Location.create(dir));
        Txn.executeWrite(bare, () -> bare.add(NodeFactory.createURI(Vocabulary.graph("notes", "b")), GONICUS, PARTNER_OF, ALPHA));
        TDBInternal.expel(bare);
        try (Store store = Store.tdb2(dir)) {
            assertThat((DerivedFacts.in(store.dataset()).orElseThrow()).lastRun()).isNotEmpty();
            assertThat(derived(store)).contains(Quad.create(TIES, ALPHA, TIED, TRILUX), Quad.create(TIES, ALPHA, TIED, GONICUS));
            // The rebuild is one change set that counts its quads instead of listing them (at 10^6 the list
            // would be gigabytes), and versions before it cannot be rebuilt: the bulk load is not in the log.
            ChangeLog log = store.changes();
            ChangeSet rebuild = log.get(log.version()).orElseThrow();
            assertThat(rebuild.itemised()).isFalse();
            assertThat(rebuild.graphs()).containsKey(TIES.getURI());
            assertThat(rebuild.graphs().get(TIES.getURI()).added()).isGreaterThanOrEqualTo(4);
            String patch;
            try (var in = log.patch(rebuild.sequence())) {
                patch = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertThat(patch).doesNotContain("\nA ").doesNotContain("\nD ").contains("counted");
            assertThat(log.rebuiltAt()).isEqualTo(rebuild.sequence());
            assertThatThrownBy(() -> Txn.calculateRead(store.storage(), () -> AsOf.at(store.storage(), log, rebuild.sequence() - 1, 1_000_000)))
                    .isInstanceOf(Revert.Refused.class).hasMessageContaining("cannot be rebuilt");
            assertThat(Txn.calculateRead(store.storage(), () -> AsOf.at(store.storage(), log, rebuild.sequence(), 1_000_000)).difference()).isZero();
        }
        try (Store store = Store.tdb2(dir)) {
            assertThat(store.changes().get(store.changes().version()).orElseThrow().itemised()).as("read back from its summary").isFalse();
        }
    }

    /**
     * A write that fails (a load refused by the shapes, an import that breaks off) changes no data, but
     * TDB2 has already written blocks into its data files: the next opening must not take that for a
     * write around the rules and derive every rule again (20 minutes at 10^6).
     */
    @Test
    void anAbortedWriteIsNoWriteAroundTheRules(@TempDir Path dir) {
        try (Store store = Store.tdb2(dir)) {
            var ds = store.dataset();
            assertThatThrownBy(() -> Txn.executeWrite(ds, () -> {
                for (int i = 0; i < 200; i++)
                    ds.add(NodeFactory.createURI(Vocabulary.graph("notes", "aborted")), NodeFactory.createURI(Vocabulary.ID + "organisation/x" + i),
                            PARTNER_OF, ALPHA);
                throw new IllegalStateException("the write fails");
            })).hasMessage("the write fails");
        }
        try (Store store = Store.tdb2(dir)) {
            assertThat((DerivedFacts.in(store.dataset()).orElseThrow()).lastRun()).as("nothing derived at opening").isEmpty();
            assertThat(derived(store)).doesNotContain(Quad.create(TIES, ALPHA, TIED, NodeFactory.createURI(Vocabulary.ID + "organisation/x0")));
        }
    }

    private static void importPartners(Store store, String rows) {
        CsvImporter importer = TestServer.importer(store);
        importer.importCsv("partners.csv", (PARTNERS_HEADER + rows).getBytes(StandardCharsets.UTF_8), "partnerships", "test", CsvImporter.Progress.NONE);
    }

    private static long version(Store store) {
        String v = store.dataVersion();
        return Long.parseLong(v.substring(v.lastIndexOf('-') + 1));
    }

    private static Set<Quad> derived(Store store) {
        DatasetGraph ds = store.dataset();
        return Txn.calculateRead(ds, () -> {
            Set<Quad> quads = new HashSet<>();
            ds.find().forEachRemaining(q -> {
                if (Rule.isDerivedGraph(q.getGraph())) quads.add(q);
            });
            return quads;
        });
    }

    private static boolean ask(TestServer server, String query) throws Exception {
        var response = server.sparqlGet(PREFIXES + query, "application/sparql-results+json");
        assertThat(response.statusCode()).isEqualTo(200);
        return new ObjectMapper().readTree(response.body()).path("boolean").asBoolean();
    }

    private static List<List<String>> select(Store store, String query) {
        DatasetGraph ds = store.dataset();
        var q = QueryFactory.create(PREFIXES + query);
        return Txn.calculateRead(ds, () -> {
            List<List<String>> rows = new ArrayList<>();
            if (q.isAskType()) {
                if (QueryExec.dataset(ds).query(q).ask()) rows.add(List.of("true"));
                return rows;
            }
            QueryExec.dataset(ds).query(q).select().forEachRemaining(b -> {
                List<String> row = new ArrayList<>();
                q.getResultVars().forEach(v -> row.add(b.get(v) == null ? null : b.get(v).isURI() ? b.get(v).getURI() : b.get(v).getLiteralLexicalForm()));
                rows.add(row);
            });
            return rows;
        });
    }
}
