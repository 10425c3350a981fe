package org.regiokg.derive;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.Triple;
import org.apache.jena.sparql.algebra.Algebra;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.op.Op1;
import org.apache.jena.sparql.algebra.op.OpBGP;
import org.apache.jena.sparql.algebra.op.OpConditional;
import org.apache.jena.sparql.algebra.op.OpJoin;
import org.apache.jena.sparql.algebra.op.OpLeftJoin;
import org.apache.jena.sparql.algebra.op.OpMinus;
import org.apache.jena.sparql.algebra.op.OpPath;
import org.apache.jena.sparql.algebra.op.OpSequence;
import org.apache.jena.sparql.algebra.op.OpTriple;
import org.apache.jena.sparql.algebra.op.OpUnion;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.path.P_Inverse;
import org.apache.jena.sparql.path.P_Link;
import org.apache.jena.sparql.path.P_OneOrMore1;
import org.apache.jena.sparql.path.P_OneOrMoreN;
import org.apache.jena.sparql.path.P_Alt;
import org.apache.jena.sparql.path.P_ReverseLink;
import org.apache.jena.sparql.path.P_Seq;
import org.apache.jena.sparql.path.Path;

/**
 * Where a rule's focus variable must occur for a thing to be in any of its answers: as subject or
 * object of some predicate in a triple pattern (or the first or last step of a path). A focus thing
 * that occurs in none of these places in the store, and has nothing derived about it yet, cannot
 * change the rule's graph: the incremental run leaves it out (a few index look-ups instead of a
 * row of the rule's query). Empty when the rule's shape does not allow the conclusion (the variable
 * bound otherwise, only in an OPTIONAL, or a path that may have length zero).
 */
record FocusPositions(List<Node> asSubjectOf, List<Node> asObjectOf) {

    static Optional<FocusPositions> of(Rule r) {
        if (r.focus().isEmpty()) return Optional.empty();
        Var v = r.focus().get();
        List<Node> subj = new ArrayList<>(), obj = new ArrayList<>();
        Op op = Algebra.compile(r.query());
        try {
            if (!bound(op, v, subj, obj)) return Optional.empty();
        } catch (IllegalStateException unknown) {
            return Optional.empty();
        }
        return Optional.of(new FocusPositions(List.copyOf(subj), List.copyOf(obj)));
    }

    /** True when the thing occurs in one of the places in the store (inside its read or write transaction). */
    boolean occurs(DatasetGraph ds, Node thing) {
        for (Node p : asSubjectOf) if (any(ds, thing, p, Node.ANY)) return true;
        for (Node p : asObjectOf) if (any(ds, Node.ANY, p, thing)) return true;
        return false;
    }

    private static boolean any(DatasetGraph ds, Node s, Node p, Node o) {
        var it = ds.find(Node.ANY, s, p, o);
        try {
            return it.hasNext();
        } finally {
            Iter.close(it);
        }
    }

    /**
     * True when every answer of {@code op} binds {@code v} through a triple pattern or path that
     * this notes; throws {@link IllegalStateException} for a shape it does not know.
     */
    private static boolean bound(Op op, Var v, List<Node> subj, List<Node> obj) {
        if (op instanceof OpBGP bgp) {
            boolean found = false;
            for (Triple t : bgp.getPattern()) found |= triple(t, v, subj, obj);
            return found;
        }
        if (op instanceof OpTriple t) return triple(t.getTriple(), v, subj, obj);
        if (op instanceof OpPath p) {
            var tp = p.getTriplePath();
            boolean found = false;
            if (v.equals(tp.getSubject())) { firstSteps(tp.getPath(), subj, obj); found = true; }
            if (v.equals(tp.getObject())) { firstSteps(inverse(tp.getPath()), subj, obj); found = true; }
            return found;
        }
        if (op instanceof org.apache.jena.sparql.algebra.op.OpExtendAssign e && e.getVarExprList().getVars().contains(v)) throw new IllegalStateException("bound by BIND");
        if (op instanceof OpUnion u) return bound(u.getLeft(), v, subj, obj) & bound(u.getRight(), v, subj, obj);
        if (op instanceof OpJoin j) return bound(j.getLeft(), v, subj, obj) | bound(j.getRight(), v, subj, obj);
        if (op instanceof OpSequence s) {
            boolean found = false;
            for (Op e : s.getElements()) found |= bound(e, v, subj, obj);
            return found;
        }
        // The optional or subtracted side binds nothing for sure.
        if (op instanceof OpLeftJoin lj) return bound(lj.getLeft(), v, subj, obj);
        if (op instanceof OpConditional c) return bound(c.getLeft(), v, subj, obj);
        if (op instanceof OpMinus m) return bound(m.getLeft(), v, subj, obj);
        if (op instanceof Op1 o) return bound(o.getSubOp(), v, subj, obj);  // filter, project, group, distinct, order, graph ...
        throw new IllegalStateException("unknown shape " + op.getName());
    }

    private static boolean triple(Triple t, Var v, List<Node> subj, List<Node> obj) {
        boolean found = false;
        if (v.equals(t.getSubject())) { subj.add(uri(t.getPredicate())); found = true; }
        if (v.equals(t.getObject())) { obj.add(uri(t.getPredicate())); found = true; }
        return found;
    }

    private static Node uri(Node p) {
        if (!p.isURI()) throw new IllegalStateException("a variable predicate");
        return p;
    }

    /** The steps a path can start with, from its subject: (predicate, subject side) or (predicate, object side). */
    private static void firstSteps(Path path, List<Node> subj, List<Node> obj) {
        if (path instanceof P_Link l) subj.add(l.getNode());
        else if (path instanceof P_ReverseLink l) obj.add(l.getNode());
        else if (path instanceof P_Inverse i && i.getSubPath() instanceof P_Link l) obj.add(l.getNode());
        else if (path instanceof P_Seq s) firstSteps(s.getLeft(), subj, obj);
        else if (path instanceof P_Alt a) { firstSteps(a.getLeft(), subj, obj); firstSteps(a.getRight(), subj, obj); }
        else if (path instanceof P_OneOrMore1 p) firstSteps(p.getSubPath(), subj, obj);
        else if (path instanceof P_OneOrMoreN p) firstSteps(p.getSubPath(), subj, obj);
        else throw new IllegalStateException("a path that may have length zero, or unknown: " + path);
    }

    /** The path read from its object to its subject (for its last steps). */
    private static Path inverse(Path path) {
        if (path instanceof P_Link l) return new P_ReverseLink(l.getNode());
        if (path instanceof P_ReverseLink l) return new P_Link(l.getNode());
        if (path instanceof P_Inverse i) return i.getSubPath();
        if (path instanceof P_Seq s) return new P_Seq(inverse(s.getRight()), inverse(s.getLeft()));
        if (path instanceof P_Alt a) return new P_Alt(inverse(a.getLeft()), inverse(a.getRight()));
        if (path instanceof P_OneOrMore1 p) return new P_OneOrMore1(inverse(p.getSubPath()));
        if (path instanceof P_OneOrMoreN p) return new P_OneOrMoreN(inverse(p.getSubPath()));
        throw new IllegalStateException("a path that may have length zero, or unknown: " + path);
    }
}
