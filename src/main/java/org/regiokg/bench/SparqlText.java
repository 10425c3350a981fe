package org.regiokg.bench;

import org.apache.jena.query.Query;
import org.apache.jena.sparql.expr.E_Bound;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprFunction1;
import org.apache.jena.sparql.expr.ExprTransformCopy;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.syntax.syntaxtransform.ElementTransformCopyBase;
import org.apache.jena.sparql.syntax.syntaxtransform.QueryTransformOps;

/**
 * The text of a question with its arguments written in, for {@code /kg/sparql} and the peers. Writing
 * a value in for a variable turns {@code BOUND(?x)} into {@code BOUND(<value>)}, which SPARQL's grammar
 * does not allow; it is true, so it is written as {@code true}.
 */
final class SparqlText {
    private SparqlText() {}

    static String of(Query bound) {
        Query query = QueryTransformOps.transform(bound, new ElementTransformCopyBase(), new ExprTransformCopy() {
            @Override
            public Expr transform(ExprFunction1 func, Expr arg) {
                if (func instanceof E_Bound && arg.isConstant()) return NodeValue.TRUE;
                return super.transform(func, arg);
            }
        });
        return query.serialize();
    }
}
