package org.regiokg.sparql;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.core.Var;
import org.junit.jupiter.api.Test;

/** An optional argument not given: its BOUND is false, and the filters it decides are gone. */
class BoundTermsTest {
    static final Set<Var> NICHE = Set.of(Var.alloc("__niche"));

    static String algebra(Query q) {
        return Algebra.compile(q).toString().replaceAll("\\s+", " ");
    }

    @Test
    void aFilterThatTheAbsentArgumentMakesTrueIsDropped() {
        Query q = QueryFactory.create("SELECT * { ?d <urn:p> ?o OPTIONAL { ?d <urn:niche> ?niche }"
                + " FILTER(!BOUND(?__niche) || CONTAINS(LCASE(STR(?niche)), LCASE(?__niche))) } ORDER BY ?niche");
        assertThat(algebra(BoundTerms.absent(q, NICHE))).doesNotContain("filter").contains("leftjoin");
        // given, the filter stays as it was
        assertThat(BoundTerms.absent(q, Set.of())).isSameAs(q);
        assertThat(algebra(q)).contains("filter");
    }

    @Test
    void anArgumentThatAPatternBindsIsNotAbsent() {
        // as competence-needs: the optional argument is a variable of a triple pattern, bound where the data has one
        Query q = QueryFactory.create("SELECT * { ?needer <urn:needs> ?__niche BIND(?__niche AS ?needed)"
                + " FILTER(!BOUND(?__niche) || ?needer != <urn:x>) }");
        assertThat(BoundTerms.absent(q, NICHE)).isSameAs(q);
        // in a sub-select that binds it, the same; outside it, it is absent
        Query sub = QueryFactory.create("SELECT * { { SELECT ?__niche { ?s <urn:p> ?__niche FILTER(BOUND(?__niche)) } } }");
        assertThat(algebra(BoundTerms.absent(sub, NICHE))).contains("(bound ?__niche)");
    }

    @Test
    void whatTheAbsentArgumentDecidesIsFoldedEverywhereAndTheRestIsKept() {
        Query q = QueryFactory.create("SELECT * {"
                + " { SELECT ?s { ?s ?p ?o FILTER(!BOUND(?__niche)) } }"           // in a sub-select: dropped
                + " FILTER(BOUND(?__niche) && ?o = 1)"                                // false: stays, as false
                + " FILTER(!BOUND(?__niche) && ?o = 2)"                               // the rest of it stays
                + " FILTER(?o = 3 || BOUND(?__niche))"                                // the rest of it stays
                + " FILTER(!BOUND(?other) || ?o = 4)"                                 // another variable: untouched
                + " BIND(IF(BOUND(?__niche), 5, 6) AS ?k) }");
        String a = algebra(BoundTerms.absent(q, NICHE));
        assertThat(a).doesNotContain("__niche").contains("false").contains("(= ?o 2)").contains("(= ?o 3)")
                .contains("(|| (! (bound ?other)) (= ?o 4))").contains("(if false 5 6)").doesNotContain("(= ?o 1)");
        assertThat(a).as("one filter left (false, ?o = 2, ?o = 3, ?other), none in the sub-select")
                .containsOnlyOnce("filter").contains("(project (?s) (bgp (triple ?s ?p ?o)))");
    }
}
