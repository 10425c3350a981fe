package org.regiokg.http;

import java.util.List;
import java.util.Locale;

/**
 * A format a route offers: its media type and the short names a client may ask for with
 * {@code ?format=NAME} instead of {@code Accept}.
 */
public record Offer(String mediaType, List<String> names) {
    public Offer {
        names = List.copyOf(names);
    }

    public static Offer of(String mediaType, String... names) {
        return new Offer(mediaType, List.of(names));
    }

    /** Whether {@code asked} (a short name or the media type itself) names this offer. */
    public boolean isNamed(String asked) {
        String a = asked.strip().toLowerCase(Locale.ROOT);
        return a.equals(mediaType) || names.contains(a);
    }
}
