package org.regiokg.link;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVRecord;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.system.Txn;
import org.apache.jena.vocabulary.OWL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.cli.Main;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/** regiokg link propose and accept on a TDB2 store: exactly the accepted rows become links, a bad file writes nothing. */
@Tag("integration")
class LinkAcceptTest {
    static final Node GRAPH = NodeFactory.createURI(LinkAcceptor.GRAPH);
    static final String PLACE = LinkProposalTest.PLACE;
    static final String ORG = LinkProposalTest.ORG;
    static WikidataFixture wikidata;

    @BeforeAll
    static void start() {
        wikidata = new WikidataFixture();
    }

    @AfterAll
    static void stop() {
        wikidata.close();
    }

    static Path newStore(Path dir) {
        Path storeDir = dir.resolve("store");
        try (Store store = Store.tdb2(storeDir)) {
            new CuratedContent(TestServer.PROJECT).loadInto(store);
            LinkProposalTest.unlink(store, PLACE + "olpe", PLACE + "hagen");
        }
        return storeDir;
    }

    static int cli(String... args) {
        return Main.commandLine().execute(args);
    }

    static List<CSVRecord> readCsv(Path file) throws Exception {
        return CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).get()
                .parse(Files.newBufferedReader(file, StandardCharsets.UTF_8)).getRecords();
    }

    static Set<String> links(Path storeDir) {
        try (Store store = Store.tdb2(storeDir)) {
            return Txn.calculateRead(store.dataset(), () -> org.apache.jena.atlas.iterator.Iter.toList(store.dataset().find(GRAPH, Node.ANY, OWL.sameAs.asNode(), Node.ANY))
                    .stream().map(q -> q.getSubject().getURI() + " " + Wikidata.qid(q.getObject().getURI())).collect(Collectors.toSet()));
        }
    }

    @Test
    void withoutThresholdNothingIsMarkedAndNothingLinked(@TempDir Path dir) throws Exception {
        Path storeDir = newStore(dir);
        Path review = dir.resolve("review.csv");
        assertThat(cli("link", "propose", "--store", storeDir.toString(), "--endpoint", wikidata.endpoint(), "--kind", "place",
                "--output", review.toString())).isZero();
        List<CSVRecord> rows = readCsv(review);
        assertThat(rows).isNotEmpty().allMatch(r -> r.get("accept").isEmpty());
        assertThat(rows.get(0).getParser().getHeaderNames()).isEqualTo(ReviewCsv.COLUMNS);
        assertThat(cli("link", "accept", review.toString(), "--store", storeDir.toString())).isZero();
        assertThat(links(storeDir)).isEmpty();
    }

    @Test
    void thresholdPreMarksTheClearBestAndAcceptWritesExactlyThoseLinks(@TempDir Path dir) throws Exception {
        Path storeDir = newStore(dir);
        Path review = dir.resolve("review.csv");
        assertThat(cli("link", "propose", "--target", "wikidata", "--store", storeDir.toString(), "--endpoint", wikidata.endpoint(),
                "--threshold", Double.toString(Scoring.SUGGESTED_THRESHOLD), "--output", review.toString())).isZero();
        Set<String> marked = readCsv(review).stream().filter(r -> r.get("accept").equals("yes"))
                .map(r -> r.get("thing") + " " + Wikidata.qid(r.get("candidate"))).collect(Collectors.toSet());
        Set<String> expected = Set.of(PLACE + "olpe Q10898", PLACE + "hagen Q2871", ORG + "trilux Q999000031", ORG + "open-xchange Q999000041");
        assertThat(marked).isEqualTo(expected);

        assertThat(cli("link", "accept", review.toString(), "--store", storeDir.toString())).isZero();
        assertThat(links(storeDir)).isEqualTo(expected);
        try (Store store = Store.tdb2(storeDir)) {
            Node decision = NodeFactory.createURI(LinkAcceptor.DECISION_BASE + "place-olpe-wikidata-q10898");
            Set<String> facts = Txn.calculateRead(store.dataset(), () -> org.apache.jena.atlas.iterator.Iter.toList(store.dataset().find(GRAPH, decision, Node.ANY, Node.ANY))
                    .stream().map(q -> q.getPredicate().getLocalName() + "=" + (q.getObject().isLiteral() ? q.getObject().getLiteralLexicalForm()
                            : q.getObject().getURI())).collect(Collectors.toSet()));
            assertThat(facts).contains("type=" + LinkAcceptor.RKG + "LinkDecision", "subject=" + PLACE + "olpe",
                    "object=http://www.wikidata.org/entity/Q10898", "linkScore=1.0", "evidence=P439 matches 05966024",
                    "date=" + LocalDate.now(), "linkMethod=" + LinkAcceptor.METHOD);
        }
        // Accepting the same file again changes nothing, and the linked things are no longer proposed.
        assertThat(cli("link", "accept", review.toString(), "--store", storeDir.toString())).isZero();
        assertThat(links(storeDir)).isEqualTo(expected);
        Path again = dir.resolve("again.csv");
        assertThat(cli("link", "propose", "--store", storeDir.toString(), "--endpoint", wikidata.endpoint(), "--output", again.toString())).isZero();
        assertThat(readCsv(again)).noneMatch(r -> expected.contains(r.get("thing") + " " + Wikidata.qid(r.get("candidate"))));
    }

    static final String HEADER = String.join(",", ReviewCsv.COLUMNS) + "\n";

    @Test
    void missingColumnsAreNamed() {
        assertThatThrownBy(() -> ReviewCsv.read("review.csv", new StringReader("thing,candidate,accept\n" + PLACE + "olpe,"
                + Wikidata.item("Q10898") + ",yes\n")))
                .isInstanceOf(InvalidReviewFile.class).hasMessageContaining("row 1").hasMessageContaining("[score, evidence]");
    }

    @Test
    void badRowsAreAllReportedWithTheirRowNumbers() {
        String csv = HEADER
                + PLACE + "olpe,Olpe,http://www.wikidata.org/entity/Q10898,Olpe,0.9,label=de exact,yes\n"
                + "olpe,Olpe,http://www.wikidata.org/entity/Q10898,Olpe,0.9,,yes\n"
                + PLACE + "hagen,Hagen,https://www.wikidata.org/wiki/Q2871,Hagen,0.9,,yes\n"
                + PLACE + "hagen,Hagen,http://www.wikidata.org/entity/Q2871,Hagen,high,,maybe\n";
        assertThatThrownBy(() -> ReviewCsv.read("review.csv", new StringReader(csv)))
                .isInstanceOfSatisfying(InvalidReviewFile.class, e -> assertThat(e.problems()).containsExactly(
                        "row 3, thing: 'olpe' is not a RegioKG IRI (https://w3id.org/regiokg/id/KIND/NAME)",
                        "row 4, candidate: 'https://www.wikidata.org/wiki/Q2871' is not a Wikidata item IRI (http://www.wikidata.org/entity/Q…)",
                        "row 5, accept: 'maybe' must be yes, no or empty",
                        "row 5, score: 'high' must be a number from 0 to 1"));
    }

    @Test
    void aFileWithAnUnknownThingOrAConflictingLinkWritesNothing(@TempDir Path dir) throws Exception {
        Path storeDir = newStore(dir);
        String csv = HEADER
                + PLACE + "olpe,Olpe,http://www.wikidata.org/entity/Q10898,Olpe,1,label=de exact,yes\n"
                + PLACE + "atlantis,Atlantis,http://www.wikidata.org/entity/Q42,Atlantis,0.9,,yes\n"
                + PLACE + "arnsberg,Arnsberg,http://www.wikidata.org/entity/Q999000011,Hagen,0.2,,yes\n"
                + PLACE + "hagen,Hagen,http://www.wikidata.org/entity/Q2871,Hagen,1,,yes\n"
                + PLACE + "hagen,Hagen,http://www.wikidata.org/entity/Q999000011,Hagen,0.5,,yes\n";
        Path review = dir.resolve("bad.csv");
        Files.writeString(review, csv);
        try (Store store = Store.tdb2(storeDir)) {
            long before = store.quadCount();
            List<ReviewRow> rows = ReviewCsv.read("bad.csv", new StringReader(csv));
            assertThatThrownBy(() -> new LinkAcceptor(store.dataset()).accept("bad.csv", rows, LocalDate.now()))
                    .isInstanceOfSatisfying(InvalidReviewFile.class, e -> assertThat(e.problems()).containsExactly(
                            "row 3: " + PLACE + "atlantis is not in the graph",
                            "row 4: " + PLACE + "arnsberg is already linked to http://www.wikidata.org/entity/Q3912 (graph https://w3id.org/regiokg/graph/links/places)",
                            "row 6: " + PLACE + "hagen is accepted as Q999000011 and, in row 5, as Q2871; accept one"));
            assertThat(store.quadCount()).isEqualTo(before);
        }
        assertThat(cli("link", "accept", review.toString(), "--store", storeDir.toString())).isEqualTo(1);
        assertThat(links(storeDir)).isEmpty();
    }
}
