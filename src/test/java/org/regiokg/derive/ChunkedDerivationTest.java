package org.regiokg.derive;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Quad;
import org.apache.jena.system.Txn;
import org.apache.jena.tdb2.DatabaseMgr;
import org.apache.jena.tdb2.TDB2;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.testing.TestServer;

/**
 * A write touching many more things than one chunk of focus things is derived incrementally, chunk
 * by chunk, and gives the derived graphs a full run gives (here with chunks of 7 things, where the
 * store uses 2,000, and with whole-store runs only for a change larger than the store).
 */
@Tag("integration")
class ChunkedDerivationTest {
    static final int CHUNK = 7;
    static final int ORGS = 60;

    /** A TDB2 dataset in memory with the curated content, written around the rules (they derive it when wrapped). */
    private static DatasetGraph curatedTdb() {
        DatasetGraph tdb = DatabaseMgr.createDatasetGraph();
        tdb.getContext().set(TDB2.symUnionDefaultGraph, true);
        DatasetGraph curated = new CuratedContent(TestServer.PROJECT).parse();
        Txn.executeWrite(tdb, () -> curated.find().forEachRemaining(tdb::add));
        return tdb;
    }

    @Test
    void aLargeWriteIsDerivedInChunksAsAFullRunWould() {
        DatasetGraph tdb = curatedTdb();
        DerivedFacts facts = DerivedFacts.over(tdb, new Deriver(Rules.packaged()).chunked(CHUNK).fullAbove(1));
        Set<Quad> before = derived(tdb);

        // Organisations, each with a seat, a type, a competence (digital for some), a declared partner
        // among the new ones and in the curated graph, and a membership with dates; and a curated tie and seat removed.
        Txn.executeWrite(facts, () -> {
            RDFParser.fromString(trig(), Lang.TRIG).parse(StreamRDFLib.dataset(facts));
            facts.deleteAny(Node.ANY, iri("organisation/suedwestfalen-agentur"), DerivedFactsTest.PARTNER_OF, Node.ANY);
            facts.deleteAny(Node.ANY, DerivedFactsTest.TRILUX, NodeFactory.createURI("http://www.w3.org/ns/org#hasPrimarySite"), Node.ANY);
        });
        Set<Quad> incremental = derived(tdb);
        List<Deriver.Step> steps = facts.lastRun();
        assertThat(steps).as("every rule with a focus ran incrementally").allSatisfy(s -> assertThat(s.full()).as(s.toString()).isFalse());
        assertThat(steps).as("over more things than one chunk").anySatisfy(s -> assertThat(s.focus()).isGreaterThan(5 * CHUNK));
        assertThat(incremental).as("the write derived something").isNotEqualTo(before)
                .contains(Quad.create(DerivedFactsTest.DIGITAL, iri("organisation/chunk-1"), DerivedFactsTest.DIGITAL_TIE, iri("organisation/chunk-0")))
                .doesNotContain(Quad.create(DerivedFactsTest.TIES, iri("organisation/suedwestfalen-agentur"), DerivedFactsTest.DECLARED,
                        iri("organisation/wirtschaftsfoerderung-dortmund")));
        assertThat(before).contains(Quad.create(DerivedFactsTest.TIES, iri("organisation/suedwestfalen-agentur"), DerivedFactsTest.DECLARED,
                iri("organisation/wirtschaftsfoerderung-dortmund")));

        facts.rederiveAll();
        assertThat(facts.lastRun()).allSatisfy(s -> assertThat(s.full()).isTrue());
        assertThat(derived(tdb)).as("the same derived graphs as a full run").isEqualTo(incremental);
    }

    @Test
    void aWriteOfPredicatesNoRuleReadsLooksAtNothing() {
        DatasetGraph tdb = curatedTdb();
        DerivedFacts facts = DerivedFacts.over(tdb, new Deriver(Rules.packaged()).chunked(CHUNK).fullAbove(1));
        Set<Quad> before = derived(tdb);
        Node label = NodeFactory.createURI("http://www.w3.org/2004/02/skos/core#altLabel");
        Node notes = NodeFactory.createURI("https://w3id.org/regiokg/graph/notes/labels");
        // New alternative names for organisations with ties, seats and competences: no rule reads skos:altLabel
        // (without-german-label reads rdfs:label).
        Txn.executeWrite(facts, () -> {
            facts.add(notes, DerivedFactsTest.TRILUX, label, NodeFactory.createLiteralString("Trilux (again)"));
            facts.add(notes, iri("organisation/suedwestfalen-agentur"), label, NodeFactory.createLiteralString("SWA"));
        });
        assertThat(facts.lastRun()).as("every rule ran, incrementally over no things").hasSize(Rules.packaged().size())
                .allSatisfy(s -> assertThat(s.focus()).as(s.toString()).isZero());
        assertThat(derived(tdb)).isEqualTo(before);
        // A seat, though, is looked at by the rules that read it, and by them only.
        Txn.executeWrite(facts, () -> facts.deleteAny(Node.ANY, DerivedFactsTest.TRILUX, NodeFactory.createURI("http://www.w3.org/ns/org#hasPrimarySite"), Node.ANY));
        assertThat(facts.lastRun()).filteredOn(s -> s.rule().startsWith("seat-")).allSatisfy(s -> assertThat(s.focus()).isPositive());
        assertThat(facts.lastRun()).filteredOn(s -> s.rule().equals("ties")).allSatisfy(s -> assertThat(s.focus()).isZero());
        assertThat(derived(tdb)).isNotEqualTo(before);
    }

    /** The packaged rules, with digital run in full on a change to the competence scheme (as it was before reach-from-subject). */
    private static List<Rule> digitalFullOnTheScheme() throws java.io.IOException {
        String text = java.nio.file.Files.readString(TestServer.PROJECT.resolve("rules/digital.rq"));
        String fullOn = text.replaceFirst("(?s)#\\+ reach-from-subject:.*?skos/core#broader: \"[^\"]*\"\n",
                "#+ full-on:\n#+   - http://www.w3.org/2004/02/skos/core#broader\n");
        assertThat(fullOn).contains("full-on").doesNotContain("reach-from-subject");
        Rule digital = Rule.parse("digital", fullOn, "digital.rq (full-on)");
        return Rules.packaged().stream().map(r -> r.name().equals("digital") ? digital : r).toList();
    }

    @Test
    void aFullRunWritesOnlyWhatChangedAndTheRulesAfterItStayIncremental() throws Exception {
        DatasetGraph tdb = curatedTdb();
        DerivedFacts facts = DerivedFacts.over(tdb, new Deriver(digitalFullOnTheScheme()));
        Set<Quad> before = derived(tdb);
        // Cranes become a digital competence: skos:broader is full-on for this digital rule.
        Node cranes = iri("competence/cranes");
        Txn.executeWrite(facts, () -> facts.add(NodeFactory.createURI("https://w3id.org/regiokg/graph/notes/scheme"), cranes,
                NodeFactory.createURI("http://www.w3.org/2004/02/skos/core#broader"), iri("competence/digitalisation")));
        Set<Quad> after = derived(tdb);
        Set<Quad> changed = new HashSet<>(before);
        changed.addAll(after);
        changed.removeIf(q -> before.contains(q) && after.contains(q));
        long digitalNow = after.stream().filter(q -> q.getGraph().equals(DerivedFactsTest.DIGITAL)).count();

        Deriver.Step digital = step(facts, "digital");
        assertThat(digital.full()).as(digital.toString()).isTrue();
        assertThat(changed).as("the write changed what is digital").isNotEmpty()
                .allSatisfy(q -> assertThat(q.getGraph()).isIn(DerivedFactsTest.DIGITAL, Rule.graphOf("leaders-without-digital-partner")));
        assertThat(digital.triples()).as("only the difference is written, not the graph's %d quads again", digitalNow)
                .isEqualTo(changed.stream().filter(q -> q.getGraph().equals(DerivedFactsTest.DIGITAL)).count())
                .isLessThan(digitalNow);
        assertThat(step(facts, "leaders-without-digital-partner").full()).as("the rule after it stays incremental").isFalse();

        assertAFullRunChangesNothing(facts, tdb, after);
    }

    /**
     * A competence placed under "digitalisation" changes what is digital for its holders (and the
     * organisations tied to them) only: the digital rule runs over them, not in full, and the rule after
     * it over what changed; the derived graphs are those of a full run.
     */
    @Test
    void aCompetenceMadeDigitalIsDerivedForItsHoldersOnly() {
        DatasetGraph tdb = curatedTdb();
        DerivedFacts facts = DerivedFacts.over(tdb, new Deriver(Rules.packaged()));
        Set<Quad> before = derived(tdb);
        Txn.executeWrite(facts, () -> facts.add(NodeFactory.createURI("https://w3id.org/regiokg/graph/notes/scheme"), iri("competence/cranes"),
                NodeFactory.createURI("http://www.w3.org/2004/02/skos/core#broader"), iri("competence/digitalisation")));
        Deriver.Step digital = step(facts, "digital");
        assertThat(digital.full()).as(digital.toString()).isFalse();
        assertThat(digital.focus()).as("the concepts, the holders of cranes and their ties").isPositive();
        assertThat(digital.triples()).isPositive();
        assertThat(step(facts, "leaders-without-digital-partner").full()).isFalse();
        Set<Quad> incremental = derived(tdb);
        assertThat(incremental).isNotEqualTo(before);

        assertAFullRunChangesNothing(facts, tdb, incremental);
    }

    /**
     * A town placed within a further region changes the seats below it: the organisations seated in
     * the town (through its sites, at any depth) gain the region, incrementally, as a full run gives.
     */
    @Test
    void aPlaceMovedWithinAnotherIsFollowedDownToTheSeatsBelowIt() {
        DatasetGraph tdb = curatedTdb();
        DerivedFacts facts = DerivedFacts.over(tdb, new Deriver(Rules.packaged()));
        Node region = iri("place/test-region");
        Node seatWithin = NodeFactory.createURI(org.regiokg.vocab.Vocabulary.DEF + "seatWithin");
        Txn.executeWrite(facts, () -> facts.add(NodeFactory.createURI("https://w3id.org/regiokg/graph/notes/places"), iri("place/arnsberg"),
                NodeFactory.createURI("http://www.opengis.net/ont/geosparql#sfWithin"), region));
        assertThat(facts.lastRun()).filteredOn(s -> s.rule().startsWith("seat-")).allSatisfy(s -> assertThat(s.full()).as(s.toString()).isFalse());
        assertThat(step(facts, "seat-within").triples()).isPositive();
        assertThat(Txn.calculateRead(tdb, () -> tdb.contains(Rule.graphOf("seat-within"), DerivedFactsTest.TRILUX, seatWithin, region)))
                .as("Trilux, seated in Arnsberg, is now seated within the region").isTrue();
        Set<Quad> incremental = derived(tdb);

        assertAFullRunChangesNothing(facts, tdb, incremental);
    }

    /**
     * A class given a superclass changes the types of its instances (and its subclasses' instances)
     * only: the types rule runs over them, from the class down, not in full and not over everything
     * below the superclass; the result is what a full run gives.
     */
    @Test
    void aNewSuperclassIsDerivedForTheClassesInstancesOnly() {
        DatasetGraph tdb = curatedTdb();
        DerivedFacts facts = DerivedFacts.over(tdb, new Deriver(Rules.packaged()));
        Node subClassOf = NodeFactory.createURI("http://www.w3.org/2000/01/rdf-schema#subClassOf");
        Node notable = NodeFactory.createURI("urn:x:Notable");
        Node company = NodeFactory.createURI(org.regiokg.vocab.Vocabulary.DEF + "Company");
        Node organization = NodeFactory.createURI("http://www.w3.org/ns/org#Organization");
        Node graph = NodeFactory.createURI("https://w3id.org/regiokg/graph/notes/classes");
        long companies = instances(tdb, company), organisations = instances(tdb, organization);
        assertThat(organisations).as("more organisations than companies").isGreaterThan(companies);

        // A class without instances, below org:Organization: nothing to derive, nothing looked at below org:Organization.
        Txn.executeWrite(facts, () -> facts.add(graph, NodeFactory.createURI("urn:x:Cluster"), subClassOf, organization));
        Deriver.Step empty = step(facts, "types");
        assertThat(empty.full()).as(empty.toString()).isFalse();
        assertThat(empty.focus()).as("the class and its superclass, not the superclass's instances").isLessThanOrEqualTo(2);
        assertThat(empty.triples()).isZero();

        // Companies become notable: every company (and member of a subclass of Company) gains the type.
        Txn.executeWrite(facts, () -> facts.add(graph, company, subClassOf, notable));
        Deriver.Step some = step(facts, "types");
        assertThat(some.full()).as(some.toString()).isFalse();
        assertThat(some.triples()).as("one new type per company").isGreaterThanOrEqualTo(companies);
        assertThat(Txn.calculateRead(tdb, () -> tdb.contains(Rule.graphOf("types"), DerivedFactsTest.TRILUX,
                org.apache.jena.vocabulary.RDF.type.asNode(), notable))).isTrue();
        Set<Quad> incremental = derived(tdb);

        // And back: the superclass removed again.
        Txn.executeWrite(facts, () -> facts.delete(graph, company, subClassOf, notable));
        assertThat(step(facts, "types").full()).isFalse();
        assertThat(Txn.calculateRead(tdb, () -> tdb.contains(Rule.graphOf("types"), DerivedFactsTest.TRILUX,
                org.apache.jena.vocabulary.RDF.type.asNode(), notable))).isFalse();
        Set<Quad> removed = derived(tdb);

        assertAFullRunChangesNothing(facts, tdb, removed);
        assertThat(incremental).isNotEqualTo(removed);
    }

    /** The things of a class, stated or derived (in any graph), each once. */
    private static long instances(DatasetGraph tdb, Node type) {
        return Txn.calculateRead(tdb, () -> org.apache.jena.atlas.iterator.Iter.toSet(org.apache.jena.atlas.iterator.Iter.map(
                tdb.find(Node.ANY, Node.ANY, org.apache.jena.vocabulary.RDF.type.asNode(), type), Quad::getSubject)).size());
    }

    /** Every rule run in full over the store finds nothing to write: the derived graphs were already {@code expected}. */
    private static void assertAFullRunChangesNothing(DerivedFacts facts, DatasetGraph tdb, Set<Quad> expected) {
        facts.rederiveAll();
        assertThat(facts.lastRun()).as("a full run finds nothing to change").allSatisfy(s -> assertThat(s.triples()).as(s.toString()).isZero());
        assertThat(derived(tdb)).as("the same derived graphs as a full run").isEqualTo(expected);
    }

    private static Deriver.Step step(DerivedFacts facts, String rule) {
        return facts.lastRun().stream().filter(s -> s.rule().equals(rule)).findFirst().orElseThrow();
    }

    private static String trig() {
        StringBuilder t = new StringBuilder("""
                PREFIX org: <http://www.w3.org/ns/org#>
                PREFIX geo: <http://www.opengis.net/ont/geosparql#>
                PREFIX time: <http://www.w3.org/2006/time#>
                PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>
                PREFIX rkg: <https://w3id.org/regiokg/def#>
                PREFIX id: <https://w3id.org/regiokg/id/>
                GRAPH <https://w3id.org/regiokg/graph/notes/chunks> {
                """);
        String[] places = {"olpe", "arnsberg", "neheim", "kreis-soest", "dortmund"};
        for (int i = 0; i < ORGS; i++) {
            String o = "id:organisation\\/chunk-" + i;
            t.append(o).append(" a rkg:Company ; org:hasPrimarySite id:site\\/chunk-").append(i)
             .append(" ; rkg:hasCompetence id:competence\\/").append(i % 3 == 0 ? "software" : "cranes")
             .append(" ; rkg:partnerOf id:organisation\\/chunk-").append((i + 1) % ORGS)
             .append(i % 10 == 0 ? " , id:organisation\\/trilux" : "").append(" .\n");
            t.append("id:site\\/chunk-").append(i).append(" a org:Site ; geo:sfWithin id:place\\/").append(places[i % places.length]).append(" .\n");
            t.append("id:membership\\/chunk-").append(i).append(" a org:Membership ; org:member id:person\\/chunk-").append(i)
             .append(" ; org:organization ").append(o).append(" ; org:memberDuring id:interval\\/chunk-").append(i).append(" .\n");
            t.append("id:interval\\/chunk-").append(i).append(" a time:Interval ; time:hasBeginning [ time:inXSDDate \"20")
             .append(10 + i % 10).append("-01-01\"^^xsd:date ] .\n");
        }
        return t.append("}\n").toString();
    }

    private static Node iri(String path) {
        return NodeFactory.createURI(org.regiokg.vocab.Vocabulary.ID + path);
    }

    private static Set<Quad> derived(DatasetGraph ds) {
        return Txn.calculateRead(ds, () -> {
            Set<Quad> quads = new HashSet<>();
            ds.find().forEachRemaining(q -> {
                if (Rule.isDerivedGraph(q.getGraph())) quads.add(q);
            });
            return quads;
        });
    }
}
