package org.regiokg.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import org.apache.jena.query.QueryFactory;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/** CSV import into the curated graph: what it creates and finds, and every kind of bad input refused with the store unchanged. */
@Tag("integration")
class CsvImportTest {
    static final Path PROJECT = TestServer.PROJECT;
    static final String WML_HEADER = "name,town,district,niche,source_url,confidence\n";
    static final String SOURCE = "https://example.org/source";

    Store store;
    CsvImporter importer;

    @BeforeEach
    void open() {
        store = TestServer.curatedStore(false);
        importer = TestServer.importer(store);
    }

    @AfterEach
    void close() {
        store.close();
    }

    ImportReport importText(String file, String csv, String mapping) {
        return importer.importCsv(file, csv.getBytes(StandardCharsets.UTF_8), mapping, "test", CsvImporter.Progress.NONE);
    }

    List<List<String>> select(String query) {
        String prefixes = """
                PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
                PREFIX org: <http://www.w3.org/ns/org#>
                PREFIX geo: <http://www.opengis.net/ont/geosparql#>
                PREFIX rkg: <https://w3id.org/regiokg/def#>
                PREFIX dcterms: <http://purl.org/dc/terms/>
                PREFIX prov: <http://www.w3.org/ns/prov#>
                PREFIX id: <https://w3id.org/regiokg/id/>
                """;
        var q = QueryFactory.create(prefixes + query);
        List<List<String>> rows = new ArrayList<>();
        Txn.executeRead(store.dataset(), () -> QueryExec.dataset(store.dataset()).query(q).select().forEachRemaining(b -> {
            List<String> row = new ArrayList<>();
            q.getProjectVars().forEach(v -> row.add(b.get(v) == null ? null
                    : b.get(v).isURI() ? b.get(v).getURI() : b.get(v).getLiteralLexicalForm()));
            rows.add(row);
        }));
        return rows;
    }

    /** A hash of every quad in the store, sorted: equal before and after means nothing changed. */
    String storeHash() throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        Txn.executeRead(store.dataset(), () -> RDFDataMgr.write(out, store.dataset(), RDFFormat.NQUADS));
        List<String> lines = new ArrayList<>(out.toString(StandardCharsets.UTF_8).lines().toList());
        lines.sort(null);
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(String.join("\n", lines).getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void theRealListImportsWithTownsAndCompaniesFoundOrCreated() throws Exception {
        byte[] csv = Files.readAllBytes(PROJECT.resolve("data/import/world-market-leaders/world-market-leaders-suedwestfalen.csv"));
        ImportReport r = importer.importCsv("world-market-leaders-suedwestfalen.csv", csv, "world-market-leaders", "test", CsvImporter.Progress.NONE);
        assertThat(r.rows()).isEqualTo(24);
        assertThat(r.unchanged()).isFalse();
        assertThat(r.organisationsMatched()).as("Open-Xchange in Olpe is already in the curated graph").isEqualTo(1);
        assertThat(r.organisationsCreated()).isEqualTo(23);
        assertThat(r.ignoredColumns()).isEmpty();
        assertThat(select("SELECT ?org { ?d a rkg:WorldMarketLeaderDesignation ; rkg:designatedOrganisation ?org }")).hasSize(24);
        // Known towns are found (Arnsberg, Olpe); unknown ones are created inside their district.
        assertThat(select("SELECT ?o { ?o org:hasPrimarySite/geo:sfWithin id:place\\/arnsberg ; rdfs:label \"BJB\"@de }")).hasSize(1);
        assertThat(select("SELECT ?t { id:place\\/kreuztal a rkg:Municipality ; geo:sfWithin ?t }"))
                .containsExactly(List.of("https://w3id.org/regiokg/id/place/kreis-siegen-wittgenstein"));
        assertThat(select("ASK { id:place\\/kreuztal geo:sfWithin+ id:place\\/suedwestfalen }".replace("ASK", "SELECT * WHERE").replace("{ id", "{ id"))).hasSize(1);
        // Each fact is traceable to the import, which says where it came from and who ran it.
        assertThat(select("""
                SELECT ?niche ?source ?who { GRAPH ?g { ?d rkg:designatedOrganisation id:organisation\\/viega ; rkg:niche ?niche ; dcterms:source ?source }
                  ?g dcterms:source ?file ; rkg:rowCount 24 ; prov:wasGeneratedBy/prov:wasAssociatedWith ?who }"""))
                .containsExactly(List.of("Drinking-water and pipe press-fitting technology",
                        "https://www.wiwo.de/29007890.html", "test"));
    }

    @Test
    void importingTheSameFileTwiceChangesNothing() throws Exception {
        String csv = WML_HEADER + "Alpha Werke GmbH,Arnsberg,Hochsauerlandkreis,Widgets," + SOURCE + ",high\n";
        ImportReport first = importText("list.csv", csv, "world-market-leaders");
        assertThat(first.unchanged()).isFalse();
        String hash = storeHash();
        long quads = store.quadCount();
        ImportReport second = importText("list.csv", csv, "world-market-leaders");
        assertThat(second.unchanged()).isTrue();
        assertThat(store.quadCount()).isEqualTo(quads);
        assertThat(storeHash()).isEqualTo(hash);
    }

    @Test
    void aCorrectedFileReplacesItsEarlierGraph() {
        importText("list.csv", WML_HEADER + "Alpha Werke GmbH,Arnsberg,Hochsauerlandkreis,Widgets," + SOURCE + ",high\n"
                + "Beta GmbH,Olpe,Kreis Olpe,Gadgets," + SOURCE + ",low\n", "world-market-leaders");
        importText("list.csv", WML_HEADER + "Alpha Werke GmbH,Arnsberg,Hochsauerlandkreis,Precision widgets," + SOURCE + ",high\n",
                "world-market-leaders");
        assertThat(select("SELECT ?n { ?d rkg:designatedOrganisation ?o ; rkg:niche ?n . ?o rdfs:label ?l FILTER(STRSTARTS(?l, \"Alpha\") || STRSTARTS(?l, \"Beta\")) }"))
                .containsExactly(List.of("Precision widgets"));
        assertThat(select("SELECT ?o { ?o rdfs:label \"Beta GmbH\"@de }")).isEmpty();
    }

    @Test
    void sameNameAndTownIsTheSameOrganisationAcrossLists() {
        importText("wml.csv", WML_HEADER + "Alpha Werke GmbH,Attendorn,Kreis Olpe,Widgets," + SOURCE + ",high\n", "world-market-leaders");
        importText("partners.csv", "name_a,town_a,district_a,name_b,town_b,district_b,since,topic,source_url\n"
                + "Alpha Werke,Attendorn,Kreis Olpe,GONICUS GmbH,Arnsberg,Hochsauerlandkreis,2019,open-source," + SOURCE + "\n", "partnerships");
        assertThat(select("SELECT DISTINCT ?o { ?o org:hasPrimarySite ?s ; rdfs:label ?l FILTER(STRSTARTS(STR(?l), \"Alpha Werke\")) }")).hasSize(1);
        assertThat(select("SELECT ?b { id:organisation\\/alpha-werke rkg:partnerOf ?b }"))
                .containsExactly(List.of("https://w3id.org/regiokg/id/organisation/gonicus"));
        // A second Attendorn in the graph would not be confused: the town is found within the row's district.
        assertThat(select("SELECT ?t { ?t rdfs:label \"Attendorn\"@de }")).hasSize(1);
    }

    @Test
    void competencesAreFoundBySlugOrLabel() {
        importText("competences.csv", "name,town,district,competence,evidence,source_url\n"
                + "nexoma GmbH,Arnsberg,Hochsauerlandkreis,E-Commerce,entwickelt E-Commerce-Lösungen," + SOURCE + "\n"
                + "nexoma GmbH,Arnsberg,Hochsauerlandkreis,software,," + SOURCE + "\n", "competences");
        // nexoma is in the curated graph without a known seat: the one organisation of that name is taken.
        assertThat(select("SELECT ?c { GRAPH <https://w3id.org/regiokg/graph/import/competences> { id:organisation\\/nexoma rkg:hasCompetence ?c } } ORDER BY ?c"))
                .containsExactly(List.of("https://w3id.org/regiokg/id/competence/e-commerce"), List.of("https://w3id.org/regiokg/id/competence/software"));
        assertThat(select("SELECT ?e { id:organisation\\/nexoma rkg:competenceClaim ?c . ?c rkg:evidence ?e ; dcterms:source ?s }"))
                .contains(List.of("entwickelt E-Commerce-Lösungen"));
    }

    record Bad(String name, String file, byte[] bytes, String mapping, String expected) {
        static Bad text(String name, String csv, String mapping, String expected) {
            return new Bad(name, "bad.csv", csv.getBytes(StandardCharsets.UTF_8), mapping, expected);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static List<Bad> badInputs() {
        String ok = "Alpha Werke GmbH,Arnsberg,Hochsauerlandkreis,Widgets," + SOURCE + ",high\n";
        byte[] latin1 = (WML_HEADER + "Lübke & Vogt,Sundern,Hochsauerlandkreis,Rubber," + SOURCE + ",high\n").getBytes(StandardCharsets.ISO_8859_1);
        return List.of(
                Bad.text("empty file", "", "world-market-leaders", "empty"),
                Bad.text("header only", WML_HEADER, "world-market-leaders", "no rows"),
                Bad.text("wrong delimiter", WML_HEADER.replace(',', '|') + ok.replace(',', '|'), "world-market-leaders", "delimiter"),
                Bad.text("missing column", "name,town,niche,source_url\nA,Arnsberg,W," + SOURCE + "\n", "world-market-leaders", "lacks the required column [district]"),
                Bad.text("unknown mapping", WML_HEADER + ok, "no-such-mapping", "unknown mapping 'no-such-mapping'"),
                Bad.text("mapping name as a path", WML_HEADER + ok, "../queries/x", "unknown mapping"),
                Bad.text("duplicate rows", WML_HEADER + ok + "Alpha Werke AG,Arnsberg,Hochsauerlandkreis,Other," + SOURCE + ",low\n", "world-market-leaders", "row 2 (line 3): repeats row 1"),
                Bad.text("bad URL", WML_HEADER + "A,Arnsberg,Hochsauerlandkreis,W,www.example.org/no-scheme,high\n", "world-market-leaders", "row 1 (line 2), column 'source_url': 'www.example.org/no-scheme' is not a web address"),
                Bad.text("javascript URL", WML_HEADER + "A,Arnsberg,Hochsauerlandkreis,W,javascript:alert(1),high\n", "world-market-leaders", "column 'source_url'"),
                Bad.text("unknown district", WML_HEADER + "A,Arnsberg,Kreis Atlantis,W," + SOURCE + ",high\n", "world-market-leaders", "column 'district': 'Kreis Atlantis' is not a place in the graph"),
                new Bad("malformed UTF-8", "bad.csv", latin1, "world-market-leaders", "line 2: is not UTF-8"),
                Bad.text("formula injection", WML_HEADER + "\"=cmd|' /C calc'!A0\",Arnsberg,Hochsauerlandkreis,W," + SOURCE + ",high\n", "world-market-leaders", "column 'name': starts with '=' like a spreadsheet formula"),
                Bad.text("formula injection with @", WML_HEADER + "A,Arnsberg,Hochsauerlandkreis,@SUM(1+1)," + SOURCE + ",high\n", "world-market-leaders", "column 'niche': starts with '@'"),
                Bad.text("wrong number of cells", WML_HEADER + "A,Arnsberg,Hochsauerlandkreis\n", "world-market-leaders", "row 1 (line 2): has 3 cells; the header has 6"),
                Bad.text("empty required cell", WML_HEADER + ",Arnsberg,Hochsauerlandkreis,W," + SOURCE + ",high\n", "world-market-leaders", "column 'name': is empty"),
                Bad.text("value not allowed", WML_HEADER + "A,Arnsberg,Hochsauerlandkreis,W," + SOURCE + ",very high\n", "world-market-leaders", "'very high' is not one of [high, medium, low]"),
                Bad.text("overlong cell", WML_HEADER + "A".repeat(201) + ",Arnsberg,Hochsauerlandkreis,W," + SOURCE + ",high\n", "world-market-leaders", "has 201 characters; at most 200"),
                Bad.text("duplicate header", "name,name,town,district,niche,source_url,confidence\n", "world-market-leaders", "names the column 'name' twice"),
                Bad.text("unknown competence", "name,town,district,competence,evidence,source_url\nA,Arnsberg,Hochsauerlandkreis,alchemy,x," + SOURCE + "\n", "competences", "'alchemy' is no competence"),
                Bad.text("bad year", "name_a,town_a,district_a,name_b,town_b,district_b,since,topic,source_url\nA,Arnsberg,Hochsauerlandkreis,B,Olpe,Kreis Olpe,20x9,," + SOURCE + "\n", "partnerships", "'20x9' is not a year"),
                Bad.text("unterminated quote", WML_HEADER + "\"A,Arnsberg,Hochsauerlandkreis,W," + SOURCE + ",high\n", "world-market-leaders", "not valid CSV"),
                Bad.text("NUL in a cell", WML_HEADER + "A\u0000B,Arnsberg,Hochsauerlandkreis,W," + SOURCE + ",high\n", "world-market-leaders", "column 'name': contains the control character U+0000 at position 2"),
                Bad.text("ESC in a cell", WML_HEADER + "A,Arnsberg,Hochsauerlandkreis,W\u001B[31m," + SOURCE + ",high\n", "world-market-leaders", "column 'niche': contains the control character U+001B"),
                Bad.text("BEL in a cell", WML_HEADER + "A\u0007,Arnsberg,Hochsauerlandkreis,W," + SOURCE + ",high\n", "world-market-leaders", "U+0007"),
                Bad.text("VT in a cell", WML_HEADER + "A,Arnsberg,Hochsauerlandkreis,W\u000Bx," + SOURCE + ",high\n", "world-market-leaders", "U+000B"),
                new Bad("file name with a path", "../../etc/passwd", (WML_HEADER + ok).getBytes(StandardCharsets.UTF_8), "world-market-leaders", "must be a plain file name"),
                new Bad("file name of 5,000 characters", "a".repeat(5000) + ".csv", (WML_HEADER + ok).getBytes(StandardCharsets.UTF_8), "world-market-leaders", "at most 120 characters"),
                new Bad("file name with a control character", "list\u0000.csv", (WML_HEADER + ok).getBytes(StandardCharsets.UTF_8), "world-market-leaders", "U+0000"),
                Bad.text("every problem listed", WML_HEADER + ",Arnsberg,Hochsauerlandkreis,W,nope,high\nB,Arnsberg,Kreis Atlantis,W," + SOURCE + ",maybe\n", "world-market-leaders", "3 problems"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputIsRefusedWithWhereAndWhatAndTheStoreUnchanged(Bad bad) throws Exception {
        long quads = store.quadCount();
        String hash = storeHash();
        ImportFailed e = catchThrowableOfType(ImportFailed.class,
                () -> importer.importCsv(bad.file(), bad.bytes(), bad.mapping(), "test", CsvImporter.Progress.NONE));
        assertThat(e).as(bad.name()).isNotNull();
        assertThat(e.getMessage()).contains(bad.expected()).contains(bad.file().equals("bad.csv") ? "bad.csv" : "the file name");
        assertThat(e.findings()).isNotEmpty();
        assertThat(store.quadCount()).isEqualTo(quads);
        assertThat(storeHash()).isEqualTo(hash);
    }

    @Test
    void oversizeFileIsRefused() throws Exception {
        String hash = storeHash();
        importer.maxBytes(100);
        String csv = WML_HEADER + "A,Arnsberg,Hochsauerlandkreis,W," + SOURCE + ",high\n".repeat(3);
        assertThatThrownBy(() -> importText("big.csv", csv, "world-market-leaders"))
                .isInstanceOf(ImportFailed.class).hasMessageContaining("at most 100 are accepted");
        assertThat(storeHash()).isEqualTo(hash);
    }

    @Test
    void triplesThatBreakTheShapesAreRefused(@TempDir Path mappings) throws Exception {
        // A mapping that forgets the source a designation must have: the SHACL gate stops it.
        String broken = Files.readString(PROJECT.resolve("mappings/world-market-leaders.rq"))
                .replace("dcterms:source ?source_url ;", "");
        Files.writeString(mappings.resolve("broken.rq"), broken);
        CsvImporter withBroken = new CsvImporter(store, mappings, new ShapesGate(PROJECT.resolve("ontology/shapes.ttl")));
        String hash = storeHash();
        ImportFailed e = catchThrowableOfType(ImportFailed.class, () -> withBroken.importCsv("bad.csv",
                (WML_HEADER + "Alpha Werke GmbH,Arnsberg,Hochsauerlandkreis,Widgets," + SOURCE + ",high\n").getBytes(StandardCharsets.UTF_8),
                "broken", "test", CsvImporter.Progress.NONE));
        assertThat(e).isNotNull();
        assertThat(e.getMessage()).contains("shape violation", "designation");
        assertThat(storeHash()).isEqualTo(hash);
    }

    @Test
    void semicolonsAndABomAsSpreadsheetsWriteThemAreRead() {
        String csv = "\uFEFF" + (WML_HEADER + "Alpha Werke GmbH,Arnsberg,Hochsauerlandkreis,Widgets," + SOURCE + ",high\n").replace(',', ';');
        ImportReport r = importText("excel.csv", csv, "world-market-leaders");
        assertThat(r.rows()).isEqualTo(1);
    }
}
