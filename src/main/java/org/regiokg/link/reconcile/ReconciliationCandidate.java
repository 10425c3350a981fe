package org.regiokg.link.reconcile;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One candidate of a reconciliation answer, in the shape of the protocol: {@code id} is the IRI's path
 * after {@code https://w3id.org/regiokg/id/} (the manifest's identifierSpace and view template use the
 * same), {@code score} 0 to 100, {@code match} true only for an unambiguous exact match.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ReconciliationCandidate(String id, String name, List<TypeRef> type, double score, boolean match,
                        List<Feature> features, String description) {

    public record TypeRef(String id, String name) {}

    /** A feature of the score, as OpenRefine shows and filters them: a number (0–100) or a boolean. */
    public record Feature(String id, Object value) {}
}
