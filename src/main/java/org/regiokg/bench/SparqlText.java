package org.regiokg.bench;

import org.apache.jena.query.Query;
import org.regiokg.sparql.BoundTerms;

/**
 * The text of a question with its arguments written in, for {@code /kg/sparql} and the peers. Writing
 * a value in for a variable turns {@code BOUND(?x)} into {@code BOUND(<value>)}, which SPARQL's grammar
 * does not allow; it is true, so it is written as {@code true} ({@link BoundTerms}).
 */
final class SparqlText {
    private SparqlText() {}

    static String of(Query bound) {
        return BoundTerms.rewrite(bound).serialize();
    }
}
