package org.regiokg.questions;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code order=index} must leave the sort out of the plan, not only its keys: ARQ compiles an empty
 * ORDER BY into a sort without keys that still reads every row before the first (agreements took
 * 2.4 s at 10^5 for five rows with it, 0.05 s without).
 */
class IndexOrderPlanTest {
    static final Path QUERIES = Path.of("queries");

    static String plan(String question, Map<String, List<String>> arguments) {
        Question q = QuestionParser.parse(QUERIES.resolve(question + ".rq"));
        return Algebra.compile(new QuestionRunner(DatasetGraphFactory.empty()).boundQuery(q, arguments)).toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"agreements", "roles-at-date", "competences-of-region", "world-market-leaders-by-niche"})
    void indexOrderHasNoSortInItsPlan(String question) {
        Map<String, List<String>> args = question.equals("roles-at-date") ? Map.of("asOf", List.of("2020-01-01")) : Map.of();
        assertThat(plan(question, args)).contains("(order ");
        Map<String, List<String>> unsorted = new java.util.HashMap<>(args);
        unsorted.put(QuestionRunner.ORDER, List.of(QuestionRunner.ORDER_INDEX));
        assertThat(plan(question, unsorted)).doesNotContain("(order ").contains("(slice ");
    }

    /** Paged inside without grouping: order=index drops both sorts, the sub-select's (where the page is cut) and the outer one. */
    @ParameterizedTest
    @ValueSource(strings = {"organisations-in-region", "organisations-by-competence"})
    void pagedInsideWithoutGroupingHasNoSortForIndexOrder(String question) {
        assertThat(QuestionParser.parse(QUERIES.resolve(question + ".rq")).pagedInside()).isTrue();
        assertThat(plan(question, Map.of())).contains("(order ");
        assertThat(plan(question, Map.of(QuestionRunner.ORDER, List.of(QuestionRunner.ORDER_INDEX)))).doesNotContain("(order ").contains("(slice ");
    }

    /** The agency question groups after its cut: its rows leave in hash order, so it keeps its sort for order=index. */
    @org.junit.jupiter.api.Test
    void groupingQuestionPagedInsideKeepsItsSort() {
        String plan = plan("world-market-leaders-without-digital-partner", Map.of(QuestionRunner.ORDER, List.of(QuestionRunner.ORDER_INDEX)));
        assertThat(plan).contains("(order ");
    }
}
