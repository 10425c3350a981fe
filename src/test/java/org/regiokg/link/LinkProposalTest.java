package org.regiokg.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.system.Txn;
import org.apache.jena.vocabulary.OWL;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * Proposals against a Wikidata-shaped local endpoint full of look-alikes: the right item ranks
 * first, and the look-alikes stay below the suggested threshold.
 */
@Tag("integration")
class LinkProposalTest {
    static final String PLACE = "https://w3id.org/regiokg/id/place/";
    static final String ORG = "https://w3id.org/regiokg/id/organisation/";
    static WikidataFixture wikidata;
    static Store store;
    static List<Proposal> places;
    static List<Proposal> organisations;

    @BeforeAll
    static void propose() {
        wikidata = new WikidataFixture();
        store = Store.inMemory();
        new CuratedContent(TestServer.PROJECT).loadInto(store);
        unlink(store, PLACE + "olpe", PLACE + "hagen");
        LinkProposer proposer = new LinkProposer(new LocalThings(store.dataset()), new CandidateSearch(wikidata.endpoint(), Duration.ofSeconds(10)));
        places = proposer.propose(LinkKind.PLACE, List.of());
        organisations = proposer.propose(LinkKind.ORGANISATION, List.of());
    }

    /** Removes the places' Wikidata links, as if places.csv had no wikidata column for them. */
    static void unlink(Store store, String... things) {
        Txn.executeWrite(store.dataset(), () -> {
            for (String t : things) {
                Node thing = NodeFactory.createURI(t);
                org.apache.jena.atlas.iterator.Iter.toList(store.dataset().find(Node.ANY, thing, OWL.sameAs.asNode(), Node.ANY)).stream()
                        .filter(q -> Wikidata.isItem(q.getObject().getURI()))
                        .forEach(store.dataset()::delete);
            }
        });
    }

    @AfterAll
    static void stop() {
        store.close();
        wikidata.close();
    }

    static List<Proposal> of(List<Proposal> proposals, String thing) {
        return proposals.stream().filter(p -> p.thing().iri().equals(thing)).toList();
    }

    static Proposal candidate(List<Proposal> proposals, String qid) {
        return proposals.stream().filter(p -> p.candidate().iri().equals(Wikidata.item(qid))).findFirst().orElseThrow();
    }

    @Test
    void theTownOlpeRanksFirstAndTheOtherOlpesLow() {
        List<Proposal> olpe = of(places, PLACE + "olpe");
        assertThat(olpe).extracting(p -> Wikidata.qid(p.candidate().iri())).startsWith("Q10898").contains("Q151418", "Q5953");
        Proposal right = olpe.get(0);
        assertThat(right.score()).isGreaterThanOrEqualTo(Scoring.SUGGESTED_THRESHOLD);
        assertThat(right.evidence()).contains("label=de exact", "P439 matches 05966024", "P131 -> Q5953 = Kreis Olpe");
        assertThat(candidate(olpe, "Q151418").score()).isLessThan(Scoring.SUGGESTED_THRESHOLD);
        // Kreis Olpe is called "Olpe" in English, but its key is the district's.
        assertThat(candidate(olpe, "Q5953").score()).isLessThan(Scoring.SUGGESTED_THRESHOLD);
        assertThat(candidate(olpe, "Q5953").evidence()).anyMatch(e -> e.startsWith("P439 05966 differs"));
    }

    @Test
    void theCityHagenRanksFirstAndTheVillagesLow() {
        List<Proposal> hagen = of(places, PLACE + "hagen");
        assertThat(hagen).extracting(p -> Wikidata.qid(p.candidate().iri())).startsWith("Q2871")
                .contains("Q999000011", "Q999000013", "Q999000015");
        assertThat(hagen.get(0).score()).isEqualTo(1.0);
        assertThat(hagen.get(0).evidence()).contains("P439 matches 05914000", "P605 matches DEA53");
        hagen.stream().skip(1).forEach(p -> assertThat(p.score()).as(p.candidate().iri()).isLessThan(Scoring.SUGGESTED_THRESHOLD));
        assertThat(candidate(hagen, "Q999000013").evidence()).contains("P439 03352021 differs from 05914000");
    }

    @Test
    void theCompanyInArnsbergRanksFirstAndItsNamesakeAbroadLow() {
        List<Proposal> trilux = of(organisations, ORG + "trilux");
        assertThat(trilux).extracting(p -> Wikidata.qid(p.candidate().iri())).containsExactly("Q999000031", "Q999000032");
        assertThat(trilux.get(0).score()).isGreaterThanOrEqualTo(Scoring.SUGGESTED_THRESHOLD);
        assertThat(trilux.get(0).evidence()).contains("label=de case-insensitive", "P159 -> Q3912 = Arnsberg");
        assertThat(trilux.get(1).score()).isLessThan(0.2);
        assertThat(trilux.get(1).evidence()).anyMatch(e -> e.contains("is not Germany"));
    }

    @Test
    void aSeatWithoutLinkIsMatchedThroughItsDistrict() {
        List<Proposal> ox = of(organisations, ORG + "open-xchange");
        assertThat(ox).hasSize(1);
        assertThat(ox.get(0).evidence()).contains("P159 -> Q5953 = Kreis Olpe");
        assertThat(ox.get(0).score()).isGreaterThanOrEqualTo(Scoring.SUGGESTED_THRESHOLD);
    }

    @Test
    void linkedThingsAreNotProposedAgain() {
        assertThat(places).noneMatch(p -> p.thing().iri().equals(PLACE + "arnsberg") || p.thing().iri().equals(PLACE + "kreis-olpe"));
    }
}
