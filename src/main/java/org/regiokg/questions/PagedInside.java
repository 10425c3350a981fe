package org.regiokg.questions;

import java.util.List;
import java.util.function.UnaryOperator;

import org.apache.jena.query.Query;
import org.apache.jena.sparql.syntax.Element;
import org.apache.jena.sparql.syntax.ElementData;
import org.apache.jena.sparql.syntax.ElementGroup;
import org.apache.jena.sparql.syntax.ElementSubQuery;

/**
 * Where a question paged inside ({@code #+ paging: inner}) cuts its page: the first sub-select with an
 * ORDER BY at the top of its pattern. The sub-select finds and sorts the rows cheaply; the outer query
 * looks up the rest of each row (counts, labels, reasons) for the page's rows only, and sorts them again.
 * A question without any ORDER BY (rows in the order the store finds them) cuts its page in the first
 * sub-select at the top of its pattern: that one is found first, on its own, and the outer query runs
 * over the page's rows given as VALUES ({@link #found}), since a grouping outer query gives its rows in
 * hash order, which cannot tell which row is the one more that shows a next page.
 */
final class PagedInside {

    private PagedInside() {}

    /** The sub-select where the page is cut: sorted, or any in a query without ORDER BY (see above); or null. */
    static Query pageSubQuery(Query query) {
        int at = position(query);
        return at < 0 ? null : ((ElementSubQuery) elements(query).get(at)).getQuery();
    }

    /**
     * Replaces that sub-select in {@code query} by {@code prepare} of a copy of it, in a new top-level
     * group: the elements may be shared with the question's parsed query, which stays as it is.
     */
    static void replace(Query query, UnaryOperator<Query> prepare) {
        int at = position(query);
        if (at < 0) throw new IllegalStateException("no sorted sub-select at the top of the query's pattern");
        ElementGroup group = new ElementGroup();
        List<Element> elements = elements(query);
        for (int i = 0; i < elements.size(); i++)
            group.addElement(i != at ? elements.get(i)
                    : new ElementSubQuery(prepare.apply(((ElementSubQuery) elements.get(i)).getQuery().cloneQuery())));
        query.setQueryPattern(group);
    }

    /** Whether the page's sub-select has no ORDER BY: it is run first, on its own (a question without any sort). */
    static boolean unsorted(Query query) {
        Query sub = pageSubQuery(query);
        return sub != null && !sub.hasOrderBy();
    }

    /** Replaces that sub-select in {@code query} by the page's rows, found first, as VALUES. */
    static void found(Query query, ElementData rows) {
        int at = position(query);
        if (at < 0) throw new IllegalStateException("no page sub-select at the top of the query's pattern");
        ElementGroup group = new ElementGroup();
        List<Element> elements = elements(query);
        for (int i = 0; i < elements.size(); i++) group.addElement(i != at ? elements.get(i) : rows);
        query.setQueryPattern(group);
    }

    /**
     * Whether the outer query gives its rows in the sub-select's order when it has no ORDER BY of its own:
     * no grouping (a group's rows come out in hash order). Then {@code order=index} can drop both sorts and
     * the one row more that tells of a next page is still the sub-select's last.
     */
    static boolean keepsOrder(Query query) {
        return !query.hasGroupBy() && !query.hasAggregators();
    }

    private static int position(Query query) {
        List<Element> elements = elements(query);
        for (int i = 0; i < elements.size(); i++)
            if (elements.get(i) instanceof ElementSubQuery s && s.getQuery().hasOrderBy()) return i;
        if (!query.hasOrderBy())
            for (int i = 0; i < elements.size(); i++)
                if (elements.get(i) instanceof ElementSubQuery) return i;
        return -1;
    }

    private static List<Element> elements(Query query) {
        return query.getQueryPattern() instanceof ElementGroup g ? g.getElements() : List.of();
    }
}
