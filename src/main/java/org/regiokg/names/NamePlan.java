package org.regiokg.names;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.OpVars;
import org.apache.jena.sparql.algebra.op.*;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.expr.E_Str;
import org.apache.jena.sparql.expr.Expr;

/**
 * Whether a first page sorted by name can be read in the names' order ({@link NameOrderedTop}), and how:
 * the thing whose name sorts the rows, its name, and the name statement's predicate. Only where the answer
 * is the same: the first sort key is {@code STR(?name)} ascending, a name statement binds it outside any
 * OPTIONAL or UNION, and the pattern evaluates row by row for a bound thing.
 */
record NamePlan(Var thing, Var name, Node predicate) {
    private static final Set<Node> NAMES = Set.copyOf(NameIndex.NAME_PREDICATES);

    static Optional<NamePlan> of(OpTopN top) {
        Optional<Var> sorted = sortedByName(top);
        if (sorted.isEmpty() || top.getConditions().get(0).getDirection() == Query.ORDER_DESCENDING) return Optional.empty();
        Var name = sorted.get();
        Op pattern = top.getSubOp();
        if (!rowByRow(pattern)) return Optional.empty();
        return statement(pattern, name)
                .filter(t -> Var.isVar(t.getSubject()) && OpVars.visibleVars(pattern).contains(Var.alloc(t.getSubject())))
                .filter(t -> !given(pattern, Var.alloc(t.getSubject())))
                .map(t -> new NamePlan(Var.alloc(t.getSubject()), name, t.getPredicate()));
    }

    /**
     * True when the pattern gives the thing a constant ({@code BIND(<iri> AS ?thing)}: a question's optional
     * argument, given): ARQ's top-N finds its few rows at once, the names' order would pass every other thing.
     */
    private static boolean given(Op op, Var thing) {
        if (op instanceof OpExtendAssign x && x.getVarExprList().contains(thing)
                && x.getVarExprList().getExpr(thing).isConstant())
            return true;
        if (op instanceof Op1 o) return given(o.getSubOp(), thing);
        if (op instanceof Op2 o) return given(o.getLeft(), thing) || given(o.getRight(), thing);
        if (op instanceof OpN o) return o.getElements().stream().anyMatch(e -> given(e, thing));
        return false;
    }

    /** The subject variable of a name statement that binds {@code name} in every row of {@code op}. */
    private static Optional<Triple> statement(Op op, Var name) {
        if (op instanceof OpBGP bgp) return among(bgp.getPattern().getList(), name);
        if (op instanceof OpQuadPattern quads) return among(quads.getBasicPattern().getList(), name);
        if (op instanceof OpTriple t) return among(List.of(t.getTriple()), name);
        if (op instanceof OpQuad q) return among(List.of(q.getQuad().asTriple()), name);
        if (op instanceof OpFilter f) return statement(f.getSubOp(), name);
        if (op instanceof OpLeftJoin lj) return statement(lj.getLeft(), name);
        if (op instanceof OpConditional c) return statement(c.getLeft(), name);
        if (op instanceof OpDistinct d) return statement(d.getSubOp(), name);
        if (op instanceof OpReduced r) return statement(r.getSubOp(), name);
        if (op instanceof OpProject p) return p.getVars().contains(name) ? statement(p.getSubOp(), name) : Optional.empty();
        if (op instanceof OpExtend x) return x.getVarExprList().contains(name) ? Optional.empty() : statement(x.getSubOp(), name);
        if (op instanceof OpJoin j) return statement(j.getLeft(), name).or(() -> statement(j.getRight(), name));
        if (op instanceof OpSequence s)
            return s.getElements().stream().map(o -> statement(o, name)).flatMap(Optional::stream).findFirst();
        return Optional.empty();
    }

    private static Optional<Triple> among(List<Triple> triples, Var name) {
        return triples.stream()
                .filter(t -> name.equals(t.getObject()) && NAMES.contains(t.getPredicate()) && Var.isVar(t.getSubject()))
                .findFirst();
    }

    /** True when evaluating {@code op} for a bound thing gives the rows of {@code op} with that thing. */
    private static boolean rowByRow(Op op) {
        if (op instanceof OpBGP || op instanceof OpQuadPattern || op instanceof OpTriple || op instanceof OpQuad
                || op instanceof OpPath || op instanceof OpTable || op instanceof OpNull)
            return true;
        if (op instanceof OpFilter || op instanceof OpDistinct || op instanceof OpReduced || op instanceof OpProject
                || op instanceof OpExtend || op instanceof OpAssign || op instanceof OpGraph || op instanceof OpLabel)
            return rowByRow(((Op1) op).getSubOp());
        if (op instanceof OpJoin || op instanceof OpLeftJoin || op instanceof OpConditional || op instanceof OpUnion
                || op instanceof OpMinus)
            return rowByRow(((Op2) op).getLeft()) && rowByRow(((Op2) op).getRight());
        if (op instanceof OpSequence || op instanceof OpDisjunction)
            return ((OpN) op).getElements().stream().allMatch(NamePlan::rowByRow);
        return false;
    }

    /** What the pattern finds before it reaches this plan's thing, found once, and the rest, per thing. */
    Start start(Op pattern, Function<Op, List<Binding>> evaluate) {
        return Start.of(pattern, thing, evaluate);
    }

    /** The variable of the first sort key {@code STR(?name)}, if it is one. */
    static Optional<Var> sortedByName(OpTopN top) {
        Expr e = top.getConditions().get(0).getExpression();
        return e instanceof E_Str str && str.getArg().isVariable() ? Optional.of(str.getArg().asVar()) : Optional.empty();
    }

    /**
     * What the pattern finds before it reaches the thing, found once (a competence and the concepts below it),
     * and the rest, looked up for each thing with those rows: the same rows as the whole pattern per thing.
     */
    record Start(List<Binding> rows, Op rest) {
        private static Start of(Op pattern, Var thing, Function<Op, List<Binding>> evaluate) {
            if (pattern instanceof OpSequence seq) {
                List<Op> elements = seq.getElements();
                int n = 0;
                while (n < elements.size() - 1 && apart(elements.get(n), thing)) n++;
                if (n > 0)
                    return new Start(evaluate.apply(OpSequence.create().copy(elements.subList(0, n))),
                            OpSequence.create().copy(elements.subList(n, elements.size())));
            }
            return new Start(List.of(BindingFactory.root()), pattern);
        }

        /** Patterns without expressions that do not mention the thing. */
        private static boolean apart(Op op, Var thing) {
            if (op instanceof OpGraph g) return g.getNode().isURI() && apart(g.getSubOp(), thing);
            boolean plain = op instanceof OpPath || op instanceof OpBGP || op instanceof OpQuadPattern || op instanceof OpTriple;
            return plain && !OpVars.mentionedVars(op).contains(thing);
        }
    }
}
