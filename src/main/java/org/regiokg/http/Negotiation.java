package org.regiokg.http;

import java.util.List;
import java.util.Optional;

import org.apache.jena.atlas.web.AcceptList;
import org.apache.jena.atlas.web.MediaType;
import org.apache.jena.fuseki.system.ConNeg;

/**
 * Content negotiation, the same for every route: {@code ?format=NAME} wins over {@code Accept};
 * without either the first offer is the answer; otherwise Jena's {@link ConNeg} picks by quality.
 */
public final class Negotiation {
    private Negotiation() {}

    /** The offer {@code ?format=} names, or empty when it names none (a 400). */
    public static Optional<Offer> byName(String asked, List<Offer> offers) {
        return offers.stream().filter(o -> o.isNamed(asked)).findFirst();
    }

    /** The offer that fits {@code Accept} best, or empty when none does (a 406). */
    public static Optional<Offer> byAccept(String accept, List<Offer> offers) {
        if (offers.isEmpty()) return Optional.empty();
        if (accept == null || accept.isBlank()) return Optional.of(offers.get(0));
        AcceptList offered = AcceptList.create(offers.stream().map(Offer::mediaType).toArray(String[]::new));
        MediaType chosen = ConNeg.match(accept, offered);
        if (chosen == null) return Optional.empty();
        return offers.stream().filter(o -> o.mediaType().equals(chosen.getContentTypeStr())).findFirst()
                .or(() -> Optional.of(offers.get(0)));
    }
}
