package org.regiokg.link;

import java.util.List;
import java.util.Optional;

/**
 * A thing of the graph that has no Wikidata link yet, with what a candidate is compared against:
 * its labels, official keys and the places that contain it (for an organisation: its seat first).
 */
public record LocalThing(String iri, LinkKind kind, List<Label> labels, Optional<String> officialKey,
                         Optional<String> nutsCode, List<Container> containers) {

    /** A label; {@code lang} is empty for a plain string. */
    public record Label(String text, String lang) {}

    /**
     * A place that contains the thing, {@code depth} steps away (0: the direct container or the
     * seat's town), with its Wikidata IRI where the graph knows one.
     */
    public record Container(String iri, String label, Optional<String> wikidata, int depth) {}

    /** The label shown to a reviewer: German first. */
    public String displayLabel() {
        return labels.stream().filter(l -> l.lang().equals("de")).findFirst()
                .or(() -> labels.stream().findFirst()).map(Label::text).orElse(iri);
    }

    /** True when the graph places the thing somewhere, so that a candidate in another country is unlikely. */
    public boolean isLocated() {
        return kind == LinkKind.PLACE || !containers.isEmpty();
    }
}
