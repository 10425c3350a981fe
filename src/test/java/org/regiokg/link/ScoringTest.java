package org.regiokg.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.junit.jupiter.api.Test;

/** How a Wikidata candidate is scored against a thing of the graph, evidence by evidence. Unit: no store, no endpoint. */
class ScoringTest {
    static final String KREIS_OLPE = Wikidata.item("Q5942"), NRW = Wikidata.item("Q1198"), BELGIUM = Wikidata.item("Q31");
    static final Scoring PLACES = new Scoring(LinkKind.PLACE.defaultTypes());
    static final Scoring ORGANISATIONS = new Scoring(LinkKind.ORGANISATION.defaultTypes());

    /** Olpe, a town (municipality key 05966032) in Kreis Olpe (depth 0) in North Rhine-Westphalia (depth 2). */
    static LocalThing olpe(String officialKey) {
        return new LocalThing("https://w3id.org/regiokg/id/place/olpe", LinkKind.PLACE, List.of(new LocalThing.Label("Olpe", "de")),
                Optional.ofNullable(officialKey), Optional.empty(),
                List.of(new LocalThing.Container("https://w3id.org/regiokg/id/place/kreis-olpe", "Kreis Olpe", Optional.of(KREIS_OLPE), 0),
                        new LocalThing.Container("https://w3id.org/regiokg/id/place/nordrhein-westfalen", "Nordrhein-Westfalen", Optional.of(NRW), 2)));
    }

    /** A candidate item; the one place that builds them, so a renamed record is one edit here. */
    static LinkCandidate item(String qid, List<LocalThing.Label> labels, List<LocalThing.Label> aliases, Set<String> typeQids,
                          Set<String> countries, Set<String> keys, Set<String> p131, Set<String> p159) {
        return new LinkCandidate(Wikidata.item(qid), labels, aliases,
                Set.copyOf(typeQids.stream().map(Wikidata::item).toList()), countries, keys, Set.of(), p131, p159);
    }

    static LinkCandidate town(String label, Set<String> keys, Set<String> p131) {
        return item("Q3920", List.of(new LocalThing.Label(label, "de")), List.of(), Set.of("Q262166"), Set.of(Wikidata.GERMANY), keys, p131, Set.of());
    }

    @Test
    void theRightItemCollectsEveryEvidenceAndIsCappedAtOne() {
        Proposal p = PLACES.score(olpe("05966032"), town("Olpe", Set.of("05966032"), Set.of(KREIS_OLPE, NRW)));
        // 0.3 label + 0.15 type + 0.1 country + 0.25 town-level container + 0.3 key = 1.1, capped.
        assertThat(p.score()).isEqualTo(1.0);
        assertThat(p.evidence()).containsExactly("label=de exact", "P31 Q262166 (municipality of Germany)", "P17 Q183 (Germany)",
                "P131 -> Q5942 = Kreis Olpe", "P439 matches 05966032");
    }

    @Test
    void aKeyThatDiffersCountsStronglyAgainst() {
        Proposal p = PLACES.score(olpe("05966032"), town("Olpe", Set.of("05966999"), Set.of(KREIS_OLPE)));
        assertThat(p.score()).isEqualTo(0.5);   // 1.1 - 0.3 - 0.3
        assertThat(p.evidence()).contains("P439 05966999 differs from 05966032");
    }

    @Test
    void aFiveDigitKeyIsADistrictKeyComparedWithP440() {
        Proposal p = PLACES.score(olpe("05966"), town("Olpe", Set.of("05966"), Set.of()));
        assertThat(p.evidence()).contains("P440 matches 05966");
    }

    @Test
    void aLookAlikeAbroadOfAnotherTypeScoresNothing() {
        LinkCandidate village = item("Q999", List.of(new LocalThing.Label("Olpe", "nl")), List.of(), Set.of("Q532"), Set.of(BELGIUM),
                Set.of(), Set.of(Wikidata.item("Q1000")), Set.of());
        Proposal p = PLACES.score(olpe(null), village);
        // 0.3 - 0.15 - 0.3 - 0.1 = -0.25, floored at 0.
        assertThat(p.score()).isZero();
        assertThat(p.evidence()).containsExactly("label=nl exact", "P31 Q532 (village) does not fit", "P17 [Q31] is not Germany",
                "P131/P159 reach none of [Kreis Olpe, Nordrhein-Westfalen]");
        assertThat(p.score()).isLessThan(Scoring.SUGGESTED_THRESHOLD);
    }

    @Test
    void labelsScoreExactThenIgnoringCaseThenAliasThenPart() {
        LocalThing t = olpe(null);
        assertThat(PLACES.score(t, town("Olpe", Set.of(), Set.of())).score()).isEqualTo(0.55);   // 0.3 + 0.15 + 0.1
        assertThat(PLACES.score(t, town("OLPE ", Set.of(), Set.of())).evidence()).first().isEqualTo("label=de case-insensitive");
        assertThat(PLACES.score(t, town("OLPE ", Set.of(), Set.of())).score()).isEqualTo(0.5);
        LinkCandidate byAlias = item("Q3920", List.of(new LocalThing.Label("Olpe (Biggesee)", "de")), List.of(new LocalThing.Label("olpe", "de")),
                Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
        assertThat(PLACES.score(t, byAlias).evidence()).containsExactly("alias=de 'olpe'");
        assertThat(PLACES.score(t, byAlias).score()).isEqualTo(0.2);
        LinkCandidate other = item("Q1", List.of(new LocalThing.Label("Attendorn", "de")), List.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of());
        assertThat(PLACES.score(t, other).score()).isZero();
        assertThat(PLACES.score(t, other).evidence()).isEmpty();
    }

    @Test
    void aPartOfTheNameInBracketsOrBeforeThemCounts() {
        LocalThing mubea = new LocalThing("https://w3id.org/regiokg/id/organisation/mubea", LinkKind.ORGANISATION,
                List.of(new LocalThing.Label("Mubea (Muhr und Bender KG)", "de")), Optional.empty(), Optional.empty(), List.of());
        LinkCandidate c = item("Q2", List.of(new LocalThing.Label("Muhr und Bender KG", "de")), List.of(), Set.of("Q4830453"),
                Set.of(BELGIUM), Set.of(), Set.of(), Set.of());
        Proposal p = ORGANISATIONS.score(mubea, c);
        // An organisation without a seat is not located: the country says nothing.
        assertThat(p.evidence()).containsExactly("label=de 'Muhr und Bender KG' is part of the name", "P31 Q4830453 (business)");
        assertThat(p.score()).isEqualTo(0.3);
    }

    @Test
    void theNearerTheMatchedContainerTheMoreItCounts() {
        LocalThing t = olpe(null);
        double town = PLACES.score(t, town("Olpe", Set.of(), Set.of(KREIS_OLPE))).score();
        double state = PLACES.score(t, town("Olpe", Set.of(), Set.of(NRW))).score();
        assertThat(town).isEqualTo(0.8);    // 0.55 + 0.25
        assertThat(state).isEqualTo(0.65);  // 0.55 + 0.1
        LinkCandidate hq = item("Q3", List.of(new LocalThing.Label("Olpe", "de")), List.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(KREIS_OLPE));
        assertThat(PLACES.score(t, hq).evidence()).contains("P159 -> Q5942 = Kreis Olpe");
    }

    @Test
    void anUnknownTypeIsShownAsItsNumberOnly() {
        LinkCandidate c = item("Q4", List.of(), List.of(), Set.of("Q12345"), Set.of(), Set.of(), Set.of(), Set.of());
        assertThat(PLACES.score(olpe(null), c).evidence()).containsExactly("P31 Q12345 does not fit");
    }
}
