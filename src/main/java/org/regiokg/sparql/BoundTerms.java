package org.regiokg.sparql;

import org.apache.jena.query.Query;
import org.apache.jena.sparql.expr.E_Bound;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprFunction1;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.syntax.Element;
import org.apache.jena.sparql.syntax.ElementSubQuery;
import org.apache.jena.sparql.syntax.syntaxtransform.ElementTransformCopyBase;
import org.apache.jena.sparql.syntax.syntaxtransform.ExprTransformApplyElementTransform;
import org.apache.jena.sparql.syntax.syntaxtransform.QueryTransformOps;

/**
 * {@code BOUND} of a term, which is what a question's argument leaves when it is written into
 * {@code FILTER(!BOUND(?__region_iri))}: ARQ evaluates that in memory, but as text it is not SPARQL
 * ({@code BOUND} takes a variable), so a remote store refused every question given an optional
 * argument. A term is bound: the call becomes {@code true} before the query is written out (remote
 * mode, and the bench's text for {@code /kg/sparql} and its peers).
 */
public final class BoundTerms {
    private BoundTerms() {}

    /** The query with every BOUND of a term made true; the same query when it has none. */
    public static Query rewrite(Query query) {
        if (query.getQueryPattern() == null) return query;
        boolean[] changed = {false};
        ElementTransformCopyBase subQueries = new ElementTransformCopyBase() {
            @Override
            public Element transform(ElementSubQuery el, Query sub) {
                Query rewritten = rewrite(sub);
                if (rewritten == sub) return el;
                changed[0] = true;
                return new ElementSubQuery(rewritten);
            }
        };
        Query rewritten = QueryTransformOps.transform(query, subQueries, new ExprTransformApplyElementTransform(subQueries) {
            @Override
            public Expr transform(ExprFunction1 func, Expr arg) {
                if (!(func instanceof E_Bound) || !arg.isConstant()) return super.transform(func, arg);
                changed[0] = true;
                return NodeValue.TRUE;
            }
        });
        return changed[0] ? rewritten : query;
    }
}
