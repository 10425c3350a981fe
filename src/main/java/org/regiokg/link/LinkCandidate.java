package org.regiokg.link;

import java.util.List;
import java.util.Set;

/**
 * A Wikidata item found by label, with the statements the score looks at. {@code withinByP131} is
 * every place reached by P131 (located in the administrative territory) and its chain upwards;
 * {@code withinByP159} the same from the headquarters location (P159).
 */
public record LinkCandidate(String iri, List<LocalThing.Label> labels, List<LocalThing.Label> aliases, Set<String> types,
                        Set<String> countries, Set<String> officialKeys, Set<String> nutsCodes,
                        Set<String> withinByP131, Set<String> withinByP159) {

    public String displayLabel() {
        return labels.stream().filter(l -> l.lang().equals("de")).findFirst()
                .or(() -> labels.stream().findFirst()).map(LocalThing.Label::text).orElse(Wikidata.qid(iri));
    }
}
