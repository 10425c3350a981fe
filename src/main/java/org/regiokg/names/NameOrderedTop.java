package org.regiokg.names;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.apache.jena.graph.Node;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.query.SortCondition;
import org.apache.jena.sparql.algebra.Op;
import org.apache.jena.sparql.algebra.op.*;
import org.apache.jena.sparql.engine.ExecutionContext;
import org.apache.jena.sparql.engine.QueryIterator;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingComparator;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.engine.iterator.QueryIter;
import org.apache.jena.sparql.engine.iterator.QueryIterPlainWrapper;
import org.apache.jena.sparql.engine.iterator.QueryIterRoot;
import org.apache.jena.sparql.engine.main.OpExecutorFactory;
import org.apache.jena.tdb2.solver.OpExecutorTDB2;

/**
 * ARQ's executor for the TDB2 store, with one more way to answer a first page sorted by name
 * ({@code ORDER BY STR(?name) … LIMIT n}, ARQ's top-N): read the names in order from the name index
 * ({@link NamesInOrder}), look up for each thing that has the next name the rest of the pattern (the
 * thing bound, so by TDB2's indexes), and stop when {@code n} rows are found and the name changes.
 * Those rows and the ties of the last name hold the page, which is sorted by the query's whole order.
 * ARQ's own top-N reads and sorts every match first: at 10^6 organisations seconds for a page.
 *
 * <p>Used only where the answer is the same ({@link NamePlan}): the first sort key is {@code STR(?name)}
 * ascending, the pattern binds {@code ?name} by a name statement ({@code ?thing <name predicate> ?name})
 * outside any OPTIONAL or UNION, and holds only operators that evaluate row by row for a bound
 * {@code ?thing} (no sub-select with a limit, no grouping). A UNION whose branches bind the name each
 * their own way (a named organisation's German label, or none: rules/without-german-label.rq) gets each branch's first
 * page, by name where the branch allows it, and the first of their rows. A small answer is sorted whole;
 * where the matches are rare among the first names ({@link Limits}), and while the name index is not open
 * yet (it opens in the background: {@link NameIndex#inOrderOnceOpen}), the first look reads on to the end
 * and keeps the first rows, as ARQ's top-N would, without reading its first rows again.
 *
 * <p>Two more ways for pages whose first key is not a name: kinds in order ({@link OrderedBranches}: a
 * constant per UNION branch, the later kinds never evaluated) and leading rows ({@link LeadingRows}: a few
 * rows the rest extends, group by group). Each asks this executor again for the inner pages, so the three
 * compose (competences-of-region: kinds, then concepts, then kinds of holder, then names).
 */
public final class NameOrderedTop extends OpExecutorTDB2 {
    /**
     * When to read names in order. First the pattern is asked for up to {@code probe} rows as ARQ finds them:
     * if there are no more, they are the answer's rows, sorted at once (a small answer costs no more than
     * ARQ's own top-N). Otherwise names are read in order, for at most one in {@code share} of the index's
     * names, at least {@code floor} things: about 11 µs a thing at 10^6 (warm), so at most some 0.7 s
     * lost there when the matches are rare among the first names (BENCHMARKS.md, "Stop 27"). Leading rows
     * ({@link LeadingRows}) are extended one group at a time only if there are at most {@code leading} of them;
     * past that, under OPTIONAL, the rows with the first keys are kept ({@link FirstRows}) while they are at most
     * {@code kept} (ARQ's top-N threshold, {@code Store}), else ARQ's top-N answers.
     */
    record Limits(int probe, int share, int floor, int leading, int kept) {
        static final Limits DEFAULT = new Limits(2_000, 25, 2_000, 500, 100_000);

        Limits(int probe, int share, int floor, int leading) {
            this(probe, share, floor, leading, DEFAULT.kept);
        }
    }

    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(NameOrderedTop.class);

    /**
     * Pages found by name, pages handed back to ARQ's top-N, small answers sorted whole, pages found from
     * groups of branches in order and from leading rows, and from a first look read on to the end: for tests and tuning.
     */
    static final java.util.concurrent.atomic.LongAdder BY_NAME = new java.util.concurrent.atomic.LongAdder(),
            HANDED_BACK = new java.util.concurrent.atomic.LongAdder(), SMALL = new java.util.concurrent.atomic.LongAdder(),
            GROUPED = new java.util.concurrent.atomic.LongAdder(), LEADING = new java.util.concurrent.atomic.LongAdder(),
            FIRST_KEYS = new java.util.concurrent.atomic.LongAdder(), READ_ON = new java.util.concurrent.atomic.LongAdder();

    private final NameIndex names;
    private final Limits limits;

    private NameOrderedTop(ExecutionContext context, NameIndex names, Limits limits) {
        super(context);
        this.names = names;
        this.limits = limits;
    }

    /** The executor factory for a store whose names are in {@code names}. */
    public static OpExecutorFactory factory(NameIndex names) {
        return factory(names, Limits.DEFAULT);
    }

    static OpExecutorFactory factory(NameIndex names, Limits limits) {
        return context -> new NameOrderedTop(context, names, limits);
    }

    @Override
    protected QueryIterator execute(OpTopN top, QueryIterator input) {
        if (!(input instanceof QueryIterRoot)) return super.execute(top, input);
        Optional<NamePlan> plan = NamePlan.of(top);
        if (plan.isPresent()) return new Page(top, input, page -> page.byName(plan.get()));
        // The first page of a UNION is among the first pages of its branches: each found its own way.
        List<Op> branches = NamePlan.sortedByName(top).flatMap(name -> OrderedBranches.split(top.getSubOp(), name)).orElse(List.of());
        if (branches.stream().anyMatch(b -> NamePlan.of(new OpTopN(b, top.getLimit(), top.getConditions())).isPresent()))
            return new Page(top, input, page -> page.byBranch(branches, distinct(top.getSubOp())));
        // Kinds first: the first groups of branches hold the page, the later ones are not evaluated.
        Optional<List<OrderedBranches.Group>> groups = OrderedBranches.of(top);
        if (groups.isPresent()) return new Page(top, input, page -> page.byGroups(groups.get(), distinct(top.getSubOp())));
        // A few leading rows first: the first of them, extended, hold the page.
        Optional<LeadingRows> leading = LeadingRows.of(top);
        if (leading.isPresent()) return new Page(top, input, page -> page.byLeading(leading.get()));
        return super.execute(top, input);
    }

    private static boolean distinct(Op op) {
        return op instanceof OpDistinct || (op instanceof OpProject p && distinct(p.getSubOp()));
    }

    /** The page, found on its first use, so that a time limit or a client gone cancels the search. */
    private final class Page extends QueryIter {
        private final OpTopN top;
        private final QueryIterator input;
        /** The page's rows in order; null to leave it to ARQ's top-N. */
        private final java.util.function.Function<Page, List<Binding>> finder;
        private volatile boolean cancelled;
        private volatile QueryIterator running;
        private QueryIterator rows;

        Page(OpTopN top, QueryIterator input, java.util.function.Function<Page, List<Binding>> finder) {
            super(NameOrderedTop.this.execCxt);
            this.top = top;
            this.input = input;
            this.finder = finder;
        }

        private QueryIterator rows() {
            if (rows == null) {
                List<Binding> page = finder.apply(this);
                rows = page == null ? NameOrderedTop.super.execute(top, input)
                        : QueryIterPlainWrapper.create(page.iterator(), getExecContext());
            }
            return rows;
        }

        /** The first {@code limit} of the rows, in the query's order. */
        private List<Binding> sorted(java.util.Collection<Binding> found) {
            return sorted(found, top.getLimit());
        }

        /** The first {@code most} of the rows, in the query's order. */
        private List<Binding> sorted(java.util.Collection<Binding> found, int most) {
            List<Binding> page = new ArrayList<>(found);
            page.sort(new BindingComparator(top.getConditions(), getExecContext()));
            return page.size() > most ? page.subList(0, most) : page;
        }

        /** Each branch's first page (by name where it can), then the first of all their rows. */
        List<Binding> byBranch(List<Op> branches, boolean distinct) {
            return sorted(firstPages(branches, top.getLimit(), top.getConditions(), distinct));
        }

        /** The first {@code most} rows of each branch by {@code order} (any {@code most} rows without one), all together. */
        private java.util.Collection<Binding> firstPages(List<Op> branches, int most, List<SortCondition> order, boolean distinct) {
            java.util.Collection<Binding> found = distinct ? new java.util.LinkedHashSet<>() : new ArrayList<>();
            for (Op branch : branches) {
                if (cancelled) throw new QueryCancelledException();
                found.addAll(rows(order.isEmpty() ? new OpSlice(branch, 0, most) : new OpTopN(branch, most, order), Integer.MAX_VALUE));
            }
            return found;
        }

        /** Each group's first page in the groups' order, until the page is full. */
        List<Binding> byGroups(List<OrderedBranches.Group> groups, boolean distinct) {
            List<Binding> page = new ArrayList<>();
            // the kind is the same in every row of a group: the rest of the order decides within it
            List<SortCondition> rest = top.getConditions().subList(1, top.getConditions().size());
            for (OrderedBranches.Group group : groups) {
                int wanted = (int) (top.getLimit() - page.size());
                java.util.Collection<Binding> found = firstPages(group.branches(), wanted, rest, distinct);
                LOG.debug("Kind {}: {} rows of at most {}", group.value(), found.size(), wanted);
                page.addAll(sorted(found, wanted));
                if (page.size() >= top.getLimit()) break;
            }
            GROUPED.increment();
            return page;
        }

        /**
         * The left side's rows in the order of the leading keys, each group extended by the right side's first
         * page under the other keys, until the page is full. Where the left side has more rows than the first
         * look takes: under OPTIONAL, only the base's rows with the first keys, extended; else null (ARQ's top-N).
         */
        List<Binding> byLeading(LeadingRows leading) {
            List<SortCondition> keys = top.getConditions().subList(0, leading.keys());
            FirstRows first = leading.optional() ? new FirstRows(keys, getExecContext(), top.getLimit(), limits.kept()) : null;
            List<Binding> few = new ArrayList<>();
            boolean whole = each(exec(leading.base(), QueryIterRoot.create(getExecContext())), row -> {
                if (first != null && !first.add(row)) return false;
                if (few.size() > limits.leading()) return first != null;
                few.add(row);
                return true;
            });
            if (!whole) {
                HANDED_BACK.increment();
                return null;
            }
            List<Binding> left = few.size() > limits.leading() ? null
                    : leading.base() == leading.left() ? few : rows(leading.left(), limits.leading());
            if (left == null) return extendedFirst(leading, first);
            left.sort(new BindingComparator(keys, getExecContext()));
            SortKeys sortKeys = new SortKeys(keys, getExecContext());
            List<SortCondition> rest = leading.rest(top.getConditions());
            List<Binding> page = new ArrayList<>();
            for (int from = 0; from < left.size() && page.size() < top.getLimit(); ) {
                int to = from + 1;
                org.apache.jena.sparql.expr.NodeValue[] group = sortKeys.of(left.get(from));
                while (to < left.size() && sortKeys.compare(group, sortKeys.of(left.get(to))) == 0) to++;
                int wanted = (int) (top.getLimit() - page.size());
                java.util.Collection<Binding> found = leading.distinct() ? new java.util.LinkedHashSet<>() : new ArrayList<>();
                for (Binding row : left.subList(from, to)) {
                    Op right = org.apache.jena.sparql.core.Substitute.substitute(leading.right(), row);
                    List<Binding> extended = new ArrayList<>();
                    drain(exec(new OpTopN(right, wanted, rest), QueryIterRoot.create(getExecContext())), extended, Integer.MAX_VALUE);
                    for (Binding e : extended) found.add(projected(org.apache.jena.sparql.algebra.Algebra.merge(row, e), leading));
                    if (extended.isEmpty() && leading.optional()) found.add(projected(row, leading));
                }
                page.addAll(sorted(found, wanted));
                from = to;
            }
            LEADING.increment();
            return page;
        }

        /**
         * The base's rows with the first keys, each extended by the OPTIONALs: ARQ's top-N over them alone. Under
         * DISTINCT two of them may give the same row: the answer's rows with those keys are still all there, and
         * if they are fewer than the page while rows were left out, ARQ's top-N answers (null).
         */
        private List<Binding> extendedFirst(LeadingRows leading, FirstRows first) {
            if (first == null) {
                HANDED_BACK.increment();
                return null;
            }
            List<Binding> kept = first.rows();
            LOG.debug("Leading rows: the {} with the first keys extended", kept.size());
            List<Binding> page = new ArrayList<>();
            each(NameOrderedTop.super.execute(new OpTopN(leading.over(kept), top.getLimit(), top.getConditions()),
                    QueryIterRoot.create(getExecContext())), page::add);
            if (leading.distinct() && page.size() < top.getLimit() && first.dropped()) {
                LOG.debug("Leading rows: {} distinct rows of at most {} from the first keys: ARQ's top-N answers", page.size(), top.getLimit());
                HANDED_BACK.increment();
                return null;
            }
            FIRST_KEYS.increment();
            return page;
        }

        private static Binding projected(Binding row, LeadingRows leading) {
            return leading.projection() == null ? row : new org.apache.jena.sparql.engine.binding.BindingProject(leading.projection(), row);
        }

        /** Every row of {@code op} if there are at most {@code most}; else null. */
        private List<Binding> rows(Op op, int most) {
            List<Binding> rows = new ArrayList<>();
            return drain(exec(op, QueryIterRoot.create(getExecContext())), rows, most) ? rows : null;
        }

        /** Adds the iterator's rows to {@code rows}: false if it has more than {@code most}. Closes it. */
        private boolean drain(QueryIterator it, List<Binding> rows, int most) {
            return each(it, row -> rows.size() < most && rows.add(row));
        }

        /** Gives each of the iterator's rows to {@code take} while it says yes: false if it said no. Closes it. */
        private boolean each(QueryIterator it, java.util.function.Predicate<Binding> take) {
            try {
                return feed(it, take);
            } finally {
                it.close();
            }
        }

        /** As {@link #each}, but leaves the iterator open (the first look, read on later). */
        private boolean feed(QueryIterator it, java.util.function.Predicate<Binding> take) {
            running = it;
            try {
                while (it.hasNext()) {
                    if (cancelled) throw new QueryCancelledException();
                    if (!take.test(it.next())) return false;
                }
                return true;
            } finally {
                running = null;
            }
        }

        /**
         * The rows in the names' order. Where the name index is not open yet, or the budget runs out before the
         * page is found, the first look reads on to the end and keeps the first rows ({@link FirstRows}):
         * what ARQ's top-N would do, without reading the first look's rows again; null (ARQ's top-N) only if
         * more rows than {@code kept} tie.
         */
        List<Binding> byName(NamePlan plan) {
            QueryIterator look = exec(top.getSubOp(), QueryIterRoot.create(getExecContext()));
            try {
                List<Binding> first = new ArrayList<>();
                if (take(look, first, limits.probe())) {
                    SMALL.increment();
                    return sorted(first);
                }
                List<Binding> page = walk(plan);
                if (page != null) {
                    BY_NAME.increment();
                    return page;
                }
                return readOn(look, first);
            } finally {
                look.close();
            }
        }

        /** Takes up to {@code most} of the iterator's rows into {@code rows}, leaving it open: true if it has no more. */
        private boolean take(QueryIterator it, List<Binding> rows, int most) {
            if (rows.size() < most) feed(it, row -> rows.add(row) && rows.size() < most);
            return !it.hasNext();
        }

        /** The first look's rows so far and the rest of its rows, the first of them kept; null if too many tie. */
        private List<Binding> readOn(QueryIterator look, List<Binding> first) {
            FirstRows kept = new FirstRows(top.getConditions(), getExecContext(), top.getLimit(), limits.kept());
            boolean whole = first.stream().allMatch(kept::add) && each(look, kept::add);
            if (!whole) {
                HANDED_BACK.increment();
                return null;
            }
            READ_ON.increment();
            return sorted(kept.rows());
        }

        /** The page found in the names' order; null when the name index is not open yet or the budget ran out first. */
        private List<Binding> walk(NamePlan plan) {
            long wanted = top.getLimit();
            List<Binding> found = new ArrayList<>();
            int looked = 0;
            Optional<NamesInOrder> opened = names.inOrderOnceOpen(plan.predicate());
            if (opened.isEmpty()) return null;
            // (An empty answer never gets here: the first look returned it whole.)
            try (NamesInOrder inOrder = opened.get()) {
                NamePlan.Start start = plan.start(top.getSubOp(), op -> rows(op, Integer.MAX_VALUE));
                long budget = Math.max(limits.floor(), inOrder.size() / limits.share());
                for (NamesInOrder.Group group = inOrder.next(); group != null; group = inOrder.next()) {
                    for (Node thing : group.things()) {
                        if (cancelled) throw new QueryCancelledException();
                        if (++looked > budget) {
                            LOG.debug("No page by name within {} things: the first look reads on", budget);
                            return null;
                        }
                        List<Binding> input = new ArrayList<>(start.rows().size());
                        for (Binding row : start.rows()) input.add(BindingFactory.binding(row, plan.thing(), thing));
                        QueryIterator it = exec(start.rest(), QueryIterPlainWrapper.create(input.iterator(), getExecContext()));
                        try {
                            while (it.hasNext()) {
                                Binding row = it.next();
                                Node name = row.get(plan.name());
                                if (name != null && name.isLiteral() && NamesInOrder.term(name.getLiteralLexicalForm()).equals(group.term()))
                                    found.add(row);
                            }
                        } finally {
                            it.close();
                        }
                    }
                    if (found.size() >= wanted) break;
                }
            }
            LOG.debug("A page by name: {} things looked up, {} rows", looked, found.size());
            return sorted(found);
        }

        @Override
        protected boolean hasNextBinding() {
            return rows().hasNext();
        }

        @Override
        protected Binding moveToNextBinding() {
            return rows().next();
        }

        @Override
        protected void closeIterator() {
            if (rows != null) rows.close();
            input.close();
        }

        @Override
        protected void requestCancel() {
            cancelled = true;
            QueryIterator r = running;
            if (r != null) r.cancel();
            if (rows != null) rows.cancel();
            input.cancel();
        }
    }
}
