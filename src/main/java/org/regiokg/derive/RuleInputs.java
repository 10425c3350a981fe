package org.regiokg.derive;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.OpVisitorBase;
import org.apache.jena.sparql.algebra.op.OpBGP;
import org.apache.jena.sparql.algebra.op.OpPath;
import org.apache.jena.sparql.algebra.op.OpQuadPattern;
import org.apache.jena.sparql.algebra.op.OpTriple;
import org.apache.jena.sparql.algebra.walker.Walker;
import org.apache.jena.sparql.core.TriplePath;
import org.apache.jena.sparql.expr.ExprVisitorBase;
import org.apache.jena.sparql.path.P_Link;
import org.apache.jena.sparql.path.P_NegPropSet;
import org.apache.jena.sparql.path.P_Path1;
import org.apache.jena.sparql.path.P_Path2;
import org.apache.jena.sparql.path.P_ReverseLink;
import org.apache.jena.sparql.path.Path;

/**
 * The predicates a rule's WHERE reads (in triple patterns, property paths, sub-queries and EXISTS):
 * its output is a function of the quads with these predicates, so a write that changed none of them
 * changes nothing the rule derives, and only the things of the quads with them are its changed
 * things. Empty when some pattern has a variable predicate or a negated property set (then every
 * change counts).
 */
final class RuleInputs {
    private RuleInputs() { }

    static Optional<Set<Node>> predicates(Rule r) {
        Set<Node> out = new HashSet<>();
        boolean[] any = {false};
        var visitor = new OpVisitorBase() {
            @Override
            public void visit(OpBGP op) {
                op.getPattern().forEach(this::triple);
            }

            @Override
            public void visit(OpTriple op) {
                triple(op.getTriple());
            }

            @Override
            public void visit(OpQuadPattern op) {
                op.getPattern().forEach(q -> triple(q.asTriple()));
            }

            @Override
            public void visit(OpPath op) {
                TriplePath tp = op.getTriplePath();
                if (tp.isTriple()) triple(tp.asTriple());
                else path(tp.getPath());
            }

            private void triple(Triple t) {
                if (t.getPredicate().isURI()) out.add(t.getPredicate());
                else any[0] = true;
            }

            private void path(Path p) {
                if (p instanceof P_Link l) out.add(l.getNode());
                else if (p instanceof P_ReverseLink l) out.add(l.getNode());
                else if (p instanceof P_Path1 p1) path(p1.getSubPath());
                else if (p instanceof P_Path2 p2) { path(p2.getLeft()); path(p2.getRight()); }
                else any[0] = true;  // P_NegPropSet and anything unknown: every predicate
                if (p instanceof P_NegPropSet) any[0] = true;
            }
        };
        Walker.walk(Algebra.compile(r.query()), visitor, new ExprVisitorBase());
        return any[0] ? Optional.empty() : Optional.of(Set.copyOf(out));
    }
}
