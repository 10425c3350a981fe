package org.regiokg.questions;

import java.util.List;
import java.util.Optional;

import org.apache.jena.query.Query;

/**
 * One predefined question: a {@code queries/NAME.rq} file (or a system query on the classpath), whose header says what it is and whose
 * variables say what it takes; {@code source} names the file. The parsed query is shared and never modified.
 * {@code paging} (header {@code paging}): {@link Paging#INNER} cuts the page in the query's first sorted
 * sub-select (or, in a query without any ORDER BY, its first sub-select), before the outer query's per-row
 * look-ups, which then run for the page's rows only; {@link Paging#LEADING} cuts there what the page can need
 * of the answer's leading sort keys.
 * {@code warm} (header {@code warm: true}): the server runs it once with its defaults while it starts, so that its
 * first answer finds the classes loaded, the code compiled and the store's caches filled (the agency's question).
 */
public record Question(String name, String summary, String description, List<String> tags,
                       List<Parameter> parameters, Query query, Optional<Integer> pageSize, Paging paging, boolean warm,
                       String source, String fingerprint) {

    /** Where a question's page is cut (header {@code paging}, README "Paging at size"). */
    public enum Paging {
        /** From the whole answer (the default). */
        OUTER,
        /** In the first sorted sub-select: each of its rows is one row of the answer. */
        INNER,
        /**
         * In the first sorted sub-select, which sorts the answer's leading keys (e.g. the agreements, before
         * their parties): each of its rows starts at least one row of the answer, so the page's rows lie in its
         * first offset + limit + 1 rows; the outer query finds their rows and cuts the page from them.
         */
        LEADING
    }

    /** Whether the page is cut in a sub-select ({@code paging: inner} or {@code leading}). */
    public boolean pagedInside() {
        return paging != Paging.OUTER;
    }

    public Optional<Parameter> parameter(String name) {
        return parameters.stream().filter(p -> p.name().equals(name)).findFirst();
    }

    /** SELECT, ASK, CONSTRUCT or DESCRIBE. */
    public String queryType() {
        return query.queryType().name();
    }

    /**
     * Whether {@code order=index} drops its sort: a question paged outside, or one paged inside whose outer
     * query keeps the rows in its sub-select's order (no grouping), so its page is the sub-select's index order.
     */
    public boolean pagesInIndexOrder() {
        return query.hasOrderBy() && (!pagedInside() || PagedInside.keepsOrder(query));
    }

    /** True for CONSTRUCT and DESCRIBE: the answer is a graph, not a table. */
    public boolean answersWithGraph() {
        return query.isConstructType() || query.isDescribeType();
    }
}
