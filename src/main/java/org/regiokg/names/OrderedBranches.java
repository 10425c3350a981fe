package org.regiokg.names;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.apache.jena.graph.Node;
import org.apache.jena.query.SortCondition;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.OpVars;
import org.apache.jena.sparql.algebra.op.*;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.BindingComparator;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.expr.Expr;

/**
 * A pattern whose first sort key is a kind that each branch of a UNION gives as a constant
 * ({@code BIND("cooperation agreement" AS ?link)}): the branches, grouped by that constant in the query's
 * order. The first page is then the first groups' first pages: a group after the page is never evaluated.
 * (links-to-dortmund: at 10^6 organisations its 20,000 shared-network rows come after the page of
 * cooperation agreements, and ARQ's top-N found and sorted them all first.)
 *
 * <p>The UNION may stand deep in the pattern: a join, sequence, filter, BIND or OPTIONAL (its left side)
 * over a UNION is the UNION of each branch under it, so a UNION that binds the key is moved up to the top;
 * a UNION that does not bind it stays where it is, as does anything under a grouping, DISTINCT or slice.
 * A DISTINCT and projection over the whole pattern go on each branch; the caller removes the duplicates
 * among a group's branches (rows of two groups differ in the key).
 *
 * <p>The same move serves a page sorted by name ({@link #split(Op, Var)} on the name's variable): a UNION of
 * the named and those without a name, wherever it stands, becomes branches each with its own first page.
 */
final class OrderedBranches {
    /** More branches than this are not worth splitting into (each is evaluated on its own). */
    private static final int MOST = 32;

    /** The branches whose rows all have {@code key} = {@code value}. */
    record Group(Node value, List<Op> branches) {}

    private OrderedBranches() {}

    /** The groups in the order of the query's first sort key; empty when the pattern has no such kinds (or one). */
    static Optional<List<Group>> of(OpTopN top) {
        SortCondition first = top.getConditions().get(0);
        Expr e = first.getExpression();
        if (!e.isVariable()) return Optional.empty();
        Var key = e.asVar();
        List<Op> branches = split(top.getSubOp(), key).orElse(List.of());
        if (branches.size() < 2) return Optional.empty();
        Map<Node, List<Op>> byValue = new LinkedHashMap<>();
        for (Op branch : branches) {
            Optional<Node> value = constant(branch, key);
            if (value.isEmpty()) return Optional.empty();
            byValue.computeIfAbsent(value.get(), v -> new ArrayList<>()).add(branch);
        }
        if (byValue.size() < 2) return Optional.empty();
        BindingComparator order = new BindingComparator(List.of(first));
        List<Group> groups = new ArrayList<>();
        byValue.forEach((value, ops) -> groups.add(new Group(value, List.copyOf(ops))));
        groups.sort((a, b) -> order.compare(BindingFactory.binding(key, a.value()), BindingFactory.binding(key, b.value())));
        return Optional.of(List.copyOf(groups));
    }

    /** The pattern as a UNION of branches, each UNION that binds {@code key} moved to the top; empty if too many. */
    static Optional<List<Op>> split(Op op, Var key) {
        return split(op, key, true);
    }

    /**
     * The pattern as a UNION of branches, each UNION that binds {@code key} moved to the top; empty if too many.
     * A DISTINCT goes on each branch only over the {@code whole} pattern: the caller takes the duplicates out.
     */
    private static Optional<List<Op>> split(Op op, Var key, boolean whole) {
        List<Op> out = new ArrayList<>();
        if (!OpVars.visibleVars(op).contains(key)) return Optional.of(List.of(op));
        if (op instanceof OpUnion u) {
            for (Op side : List.of(u.getLeft(), u.getRight())) {
                Optional<List<Op>> inner = split(side, key, false);
                if (inner.isEmpty()) return inner;
                out.addAll(inner.get());
            }
        } else if (op instanceof OpDistinct d && whole) {
            return split(d.getSubOp(), key, true).map(bs -> bs.stream().map(b -> (Op) OpDistinct.create(b)).toList());
        } else if (op instanceof OpProject p) {
            return split(p.getSubOp(), key, whole).map(bs -> bs.stream().map(b -> (Op) new OpProject(b, p.getVars())).toList());
        } else if (op instanceof OpFilter || op instanceof OpExtend || op instanceof OpAssign
                || op instanceof OpLabel) {
            Op1 o = (Op1) op;
            Optional<List<Op>> inner = split(o.getSubOp(), key, false);
            if (inner.isEmpty()) return inner;
            for (Op b : inner.get()) out.add(o.copy(b));
        } else if (op instanceof OpConditional || op instanceof OpLeftJoin || op instanceof OpMinus) {
            Op2 o = (Op2) op;
            if (OpVars.visibleVars(o.getRight()).contains(key)) return Optional.of(List.of(op));
            Optional<List<Op>> inner = split(o.getLeft(), key, false);
            if (inner.isEmpty()) return inner;
            for (Op b : inner.get()) out.add(o.copy(b, o.getRight()));
        } else if (op instanceof OpJoin j) {
            return product(List.of(j.getLeft(), j.getRight()), key).map(parts -> parts.stream().map(p -> OpJoin.create(p.get(0), p.get(1))).toList());
        } else if (op instanceof OpSequence s) {
            return product(s.getElements(), key).map(parts -> parts.stream().map(p -> (Op) OpSequence.create().copy(p)).toList());
        } else {
            return Optional.of(List.of(op));
        }
        return out.size() > MOST ? Optional.empty() : Optional.of(out);
    }

    /** Every choice of one branch per element, in order. */
    private static Optional<List<List<Op>>> product(List<Op> elements, Var key) {
        List<List<Op>> choices = new ArrayList<>();
        choices.add(List.of());
        for (Op element : elements) {
            Optional<List<Op>> branches = split(element, key, false);
            if (branches.isEmpty()) return Optional.empty();
            List<List<Op>> next = new ArrayList<>();
            for (List<Op> before : choices)
                for (Op b : branches.get()) {
                    List<Op> choice = new ArrayList<>(before);
                    choice.add(b);
                    next.add(choice);
                }
            if (next.size() > MOST) return Optional.empty();
            choices = next;
        }
        return Optional.of(choices);
    }

    /** The constant that a BIND gives {@code key} in every row of {@code op}; empty if none does. */
    private static Optional<Node> constant(Op op, Var key) {
        if (op instanceof OpExtend x && x.getVarExprList().contains(key)) {
            Expr e = x.getVarExprList().getExpr(key);
            return e.isConstant() ? Optional.of(e.getConstant().asNode()) : Optional.empty();
        }
        if (op instanceof OpProject p) return p.getVars().contains(key) ? constant(p.getSubOp(), key) : Optional.empty();
        if (op instanceof OpDistinct || op instanceof OpReduced || op instanceof OpFilter || op instanceof OpExtend
                || op instanceof OpAssign || op instanceof OpLabel)
            return constant(((Op1) op).getSubOp(), key);
        if (op instanceof OpConditional || op instanceof OpLeftJoin || op instanceof OpMinus)
            return constant(((Op2) op).getLeft(), key);
        if (op instanceof OpJoin j) return constant(j.getLeft(), key).or(() -> constant(j.getRight(), key));
        if (op instanceof OpSequence s)
            return s.getElements().stream().map(o -> constant(o, key)).flatMap(Optional::stream).findFirst();
        return Optional.empty();
    }
}
