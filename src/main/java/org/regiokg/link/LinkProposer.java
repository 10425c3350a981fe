package org.regiokg.link;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;

/** For every thing of a kind without a Wikidata link: its best candidates, scored, best first. */
public final class LinkProposer {
    public static final int CANDIDATES_PER_THING = 5;

    private final LocalThings things;
    private final CandidateSearch search;

    public LinkProposer(LocalThings things, CandidateSearch search) {
        this.things = things;
        this.search = search;
    }

    /** {@code types}: Q numbers of the fitting Wikidata classes; the kind's defaults when empty. */
    public List<Proposal> propose(LinkKind kind, Collection<String> types) {
        Scoring scoring = new Scoring(types.isEmpty() ? kind.defaultTypes() : types);
        List<Proposal> proposals = new ArrayList<>();
        for (LocalThing thing : things.unlinked(kind)) {
            search.candidatesFor(thing).stream()
                    .map(c -> scoring.score(thing, c))
                    .sorted(Comparator.comparingDouble(Proposal::score).reversed().thenComparing(p -> p.candidate().iri()))
                    .limit(CANDIDATES_PER_THING)
                    .forEach(proposals::add);
        }
        return proposals;
    }
}
