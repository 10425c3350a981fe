package org.regiokg.remote;

import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.expr.E_Function;
import org.apache.jena.sparql.expr.Expr;
import org.apache.jena.sparql.syntax.Element;
import org.apache.jena.sparql.syntax.ElementBind;
import org.apache.jena.sparql.syntax.ElementSubQuery;
import org.apache.jena.sparql.syntax.ElementVisitorBase;
import org.apache.jena.sparql.syntax.ElementWalker;
import org.apache.jena.sparql.syntax.syntaxtransform.ElementTransformCopyBase;
import org.apache.jena.sparql.syntax.syntaxtransform.QueryTransformOps;
import org.regiokg.sparql.SparqlFile;

/**
 * {@code BIND(fn:statements(?g) AS ?n)} rewritten for stores that do not keep RegioKG's graph sizes
 * (nor know the function): a sub-select that counts each graph's quads ({@code graph-statements.rq})
 * in its place, joined on {@code ?g}. The same numbers, counted by the remote store on each request.
 */
final class GraphStatements {
    /** org.regiokg.history.StatementsFunction's IRI (remote mode does not use the store's layers). */
    private static final String STATEMENTS = org.regiokg.vocab.Vocabulary.FN + "statements";
    private static final SparqlFile COUNT = SparqlFile.resource(GraphStatements.class, "graph-statements.rq");

    private GraphStatements() {}

    /** The query with every such BIND replaced; the same query when it has none. */
    static Query rewrite(Query query) {
        if (query.getQueryPattern() == null || !mentions(query)) return query;
        return QueryTransformOps.transform(query, new ElementTransformCopyBase() {
            @Override
            public Element transform(ElementBind bind, Var v, Expr expr) {
                if (!(expr instanceof E_Function f && STATEMENTS.equals(f.getFunctionIRI())
                        && f.getArgs().size() == 1 && f.getArg(1).isVariable())) return super.transform(bind, v, expr);
                // The file's two variables renamed to the query's (its own ?s ?p ?o stay inside the sub-select).
                String text = COUNT.query().serialize().replace("?graph", "?" + f.getArg(1).getVarName()).replace("?statements", "?" + v.getVarName());
                return new ElementSubQuery(QueryFactory.create(text));
            }
        });
    }

    private static boolean mentions(Query query) {
        AtomicBoolean found = new AtomicBoolean();
        ElementWalker.walk(query.getQueryPattern(), new ElementVisitorBase() {
            @Override
            public void visit(ElementBind el) {
                if (el.getExpr() instanceof E_Function f && STATEMENTS.equals(f.getFunctionIRI())) found.set(true);
            }
        });
        return found.get();
    }
}
