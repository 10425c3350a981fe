package org.regiokg.questions;

import java.util.List;
import java.util.Optional;

import org.apache.jena.query.Query;

/**
 * One predefined question: a {@code queries/NAME.rq} file (or a system query on the classpath), whose header says what it is and whose
 * variables say what it takes; {@code source} names the file. The parsed query is shared and never modified.
 * {@code pagedInside} (header {@code paging: inner}): the page is cut in the query's first sorted
 * sub-select, before the outer query's per-row look-ups, which then run for the page's rows only.
 * {@code warm} (header {@code warm: true}): the server runs it once with its defaults while it starts, so that its
 * first answer finds the classes loaded, the code compiled and the store's caches filled (the agency's question).
 */
public record Question(String name, String summary, String description, List<String> tags,
                       List<Parameter> parameters, Query query, Optional<Integer> pageSize, boolean pagedInside, boolean warm,
                       String source, String fingerprint) {

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
        return query.hasOrderBy() && (!pagedInside || PagedInside.keepsOrder(query));
    }

    /** True for CONSTRUCT and DESCRIBE: the answer is a graph, not a table. */
    public boolean answersWithGraph() {
        return query.isConstructType() || query.isDescribeType();
    }
}
