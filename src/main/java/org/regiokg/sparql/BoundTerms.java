package org.regiokg.sparql;

import java.util.List;
import java.util.Set;

import org.apache.jena.query.Query;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.expr.E_Bound;
import org.apache.jena.sparql.expr.E_LogicalAnd;
import org.apache.jena.sparql.expr.E_LogicalNot;
import org.apache.jena.sparql.expr.E_LogicalOr;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.expr.ExprFunction1;
import org.apache.jena.sparql.expr.ExprFunction2;
import org.apache.jena.sparql.expr.NodeValue;
import org.apache.jena.sparql.syntax.Element;
import org.apache.jena.sparql.syntax.ElementFilter;
import org.apache.jena.sparql.syntax.ElementGroup;
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
 *
 * <p>An optional argument not given is the other case: its {@code BOUND} is false, and what that decides
 * is folded away ({@link #absent}).
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

    /**
     * The query with {@code BOUND} of each absent variable (an optional argument not given) made false, and
     * what that decides folded: {@code !false} is true, {@code true || e} true, {@code false || e} is
     * {@code e}, {@code false && e} false, {@code true && e} is {@code e}; a {@code FILTER(true)} is
     * dropped. A variable that a pattern of the query binds is left alone (it is bound where it matches).
     * {@code FILTER(!BOUND(?__niche) || CONTAINS(…))} without a niche is then no filter at all,
     * rather than a test of every row that also hides the pattern's shape from the engine. The same query
     * when nothing changes.
     */
    public static Query absent(Query query, Set<Var> notGiven) {
        if (query.getQueryPattern() == null || notGiven.isEmpty()) return query;
        // A variable the pattern itself may bind (competence-needs: ?needer rkg:needsCompetence ?__competence_iri)
        // is not absent there: its BOUND is what the data says.
        Set<Var> absent = new java.util.HashSet<>(notGiven);
        absent.removeAll(org.apache.jena.sparql.syntax.PatternVars.vars(query.getQueryPattern()));
        if (absent.isEmpty()) return query;
        boolean[] changed = {false};
        ElementTransformCopyBase elements = new ElementTransformCopyBase() {
            @Override
            public Element transform(ElementSubQuery el, Query sub) {
                Query rewritten = absent(sub, absent);
                if (rewritten == sub) return el;
                changed[0] = true;
                return new ElementSubQuery(rewritten);
            }

            @Override
            public Element transform(ElementGroup el, List<Element> members) {
                if (members.stream().noneMatch(BoundTerms::alwaysTrue)) return super.transform(el, members);
                changed[0] = true;
                ElementGroup kept = new ElementGroup();
                members.stream().filter(m -> !alwaysTrue(m)).forEach(kept::addElement);
                return kept;
            }
        };
        Query rewritten = QueryTransformOps.transform(query, elements, new ExprTransformApplyElementTransform(elements) {
            @Override
            public Expr transform(ExprFunction1 func, Expr arg) {
                if (func instanceof E_Bound && arg.isVariable() && absent.contains(arg.asVar())) {
                    changed[0] = true;
                    return NodeValue.FALSE;
                }
                if (func instanceof E_LogicalNot && truth(arg) != null) return NodeValue.booleanReturn(!truth(arg));
                return super.transform(func, arg);
            }

            @Override
            public Expr transform(ExprFunction2 func, Expr a, Expr b) {
                Boolean x = truth(a), y = truth(b);
                if (func instanceof E_LogicalOr && (x != null || y != null))
                    return Boolean.TRUE.equals(x) || Boolean.TRUE.equals(y) ? NodeValue.TRUE : x != null ? b : a;
                if (func instanceof E_LogicalAnd && (x != null || y != null))
                    return Boolean.FALSE.equals(x) || Boolean.FALSE.equals(y) ? NodeValue.FALSE : x != null ? b : a;
                return super.transform(func, a, b);
            }
        });
        return changed[0] ? rewritten : query;
    }

    /** The value of a constant boolean; null for anything else. */
    private static Boolean truth(Expr e) {
        return e.isConstant() && e.getConstant().isBoolean() ? e.getConstant().getBoolean() : null;
    }

    private static boolean alwaysTrue(Element e) {
        return e instanceof ElementFilter f && Boolean.TRUE.equals(truth(f.getExpr()));
    }
}
