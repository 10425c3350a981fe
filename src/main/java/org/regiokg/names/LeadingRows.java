package org.regiokg.names;

import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.apache.jena.query.SortCondition;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.OpVars;
import org.apache.jena.sparql.algebra.op.*;
import org.apache.jena.sparql.core.Var;

/**
 * A pattern whose first sort keys are over a left side that ARQ evaluates first and whose rows the right
 * side extends one at a time ({@code OPTIONAL}, ARQ's conditional, or a sequence): the stated needs, then
 * for each need the organisations that could meet it (competence-needs). The first page is then in the
 * first left rows' extensions: for each group of left rows with equal leading keys, in their order, the
 * right side's own first page under the other keys (which may itself be read in the names' order), until
 * the page is full. ARQ's top-N extended every left row first: at 10^6 organisations every digital
 * organisation of every need, sorted, for one page.
 *
 * <p>Only at the top of the pattern, under its DISTINCT and projection (kept here, applied per row).
 *
 * <p>Under a chain of {@code OPTIONAL}s the leading keys may come from a narrower left side (the base):
 * world-market-leaders-by-niche sorts by the niche, and its confidence, source and name are OPTIONALs after
 * it. Where the left side has too many rows to extend group by group, the base's rows with the first keys
 * ({@link FirstRows}) are extended by the OPTIONALs, and only they.
 *
 * @param left the left side, evaluated first (a few rows, or the caller leaves the page to ARQ)
 * @param right the right side, looked up for each left row with its variables bound
 * @param optional true for {@code OPTIONAL}: a left row without an extension is a row of its own
 * @param keys how many of the first sort conditions are over the left side's variables only
 * @param base the narrowest left side under the chain of OPTIONALs that still gives those keys (else the left side)
 * @param optionals that chain's OPTIONALs (ARQ's conditionals or left joins), innermost first (empty for a sequence)
 */
record LeadingRows(Op left, Op right, boolean optional, int keys, List<Var> projection, boolean distinct, Op base,
        List<Op2> optionals) {

    static Optional<LeadingRows> of(OpTopN top) {
        Op op = top.getSubOp();
        boolean distinct = false;
        List<Var> projection = null;
        if (op instanceof OpDistinct d) {
            distinct = true;
            op = d.getSubOp();
        }
        if (op instanceof OpProject p) {
            projection = p.getVars();
            op = p.getSubOp();
        }
        Op left, right;
        boolean optional;
        if (op instanceof OpConditional c) {
            left = c.getLeft();
            right = c.getRight();
            optional = true;
        } else if (op instanceof OpSequence s && s.size() > 1) {
            int k = 1;
            while (k < s.size() && leading(top.getConditions(), OpVars.visibleVars(OpSequence.create().copy(s.getElements().subList(0, k)))) == 0) k++;
            if (k == s.size()) return Optional.empty();
            left = OpSequence.create().copy(s.getElements().subList(0, k));
            right = OpSequence.create().copy(s.getElements().subList(k, s.size()));
            optional = false;
        } else {
            return Optional.empty();
        }
        int keys = leading(top.getConditions(), OpVars.visibleVars(left));
        if (keys == 0 || keys == top.getConditions().size()) return Optional.empty();
        Op base = left;
        java.util.LinkedList<Op2> optionals = new java.util.LinkedList<>();
        if (optional) {
            optionals.add((Op2) op);
            // an OPTIONAL that ARQ joins whole (a grouped sub-select: the region's places) is one of the chain too
            while ((base instanceof OpConditional || base instanceof OpLeftJoin) && base instanceof Op2 o
                    && leading(top.getConditions(), OpVars.visibleVars(o.getLeft())) >= keys) {
                optionals.addFirst(o);
                base = o.getLeft();
            }
        }
        return Optional.of(new LeadingRows(left, right, optional, keys, projection, distinct, base, List.copyOf(optionals)));
    }

    /** The pattern with the base's rows given: those rows, then the OPTIONALs, the projection and DISTINCT. */
    Op over(List<org.apache.jena.sparql.engine.binding.Binding> rows) {
        org.apache.jena.sparql.algebra.table.TableN table = new org.apache.jena.sparql.algebra.table.TableN();
        rows.forEach(table::addBinding);
        Op op = OpTable.create(table);
        for (Op2 optional : optionals) op = optional.copy(op, optional.getRight());
        if (projection != null) op = new OpProject(op, projection);
        return distinct ? OpDistinct.create(op) : op;
    }

    /** How many of the first conditions use only these variables. */
    private static int leading(List<SortCondition> conditions, Set<Var> vars) {
        int n = 0;
        while (n < conditions.size() && vars.containsAll(conditions.get(n).getExpression().getVarsMentioned())) n++;
        return n;
    }

    /** The conditions after the leading ones: the order within a group of equal leading keys. */
    List<SortCondition> rest(List<SortCondition> conditions) {
        return conditions.subList(keys, conditions.size());
    }
}
