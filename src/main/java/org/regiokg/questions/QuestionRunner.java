package org.regiokg.questions;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingBuilder;
import org.apache.jena.sparql.exec.QueryExec;
import org.apache.jena.sparql.exec.RowSet;
import org.apache.jena.system.Txn;
import org.regiokg.problem.Finding;
import org.regiokg.questions.Answer.Page;

/**
 * Runs a question against a dataset: checks the arguments against the declared parameters, binds
 * them into the parsed query as RDF terms, pages the result (one row more than asked, to know
 * whether a next page exists), all in one read transaction and within the dataset's query timeout.
 */
public final class QuestionRunner {
    private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(QuestionRunner.class);
    public static final String LIMIT = "limit";
    public static final String OFFSET = "offset";
    /**
     * {@code order=index}: the rows in the order the store's indexes give them, not the question's
     * ORDER BY, so that the first page of a listing with a million matches is read without sorting
     * them all (README, "Paging"); {@code order=sorted} (the default) keeps the ORDER BY.
     */
    public static final String ORDER = "order";
    public static final String ORDER_SORTED = "sorted";
    public static final String ORDER_INDEX = "index";
    /** Names a caller may give besides the question's parameters. */
    public static final Set<String> RESERVED = Set.of(LIMIT, OFFSET, ORDER, "format");
    public static final long DEFAULT_PAGE_SIZE = 100;
    public static final long MAX_PAGE_SIZE = 10_000;

    private final DatasetGraph dataset;

    public QuestionRunner(DatasetGraph dataset) {
        this.dataset = dataset;
    }

    /** The start's warm-up of the questions marked {@code warm: true}; null when there is none. */
    private volatile java.util.concurrent.Future<?> warmUp;
    /** Set by the first request for a warm question: the warm-up stops (its query is aborted). */
    private volatile boolean warmUpStopped;
    /** The warm-up's query while it runs, to abort. */
    private final java.util.concurrent.atomic.AtomicReference<QueryExec> warming = new java.util.concurrent.atomic.AtomicReference<>();
    private static final ThreadLocal<Boolean> WARMING = ThreadLocal.withInitial(() -> false);

    /**
     * Runs the questions marked {@code warm: true} once with their defaults (answer written as JSON to
     * nowhere) on a start thread, while the server is built: a first request that comes after it finds the
     * classes loaded, the code compiled and TDB2's caches read. A request for such a question that comes
     * while it runs stops it (its query is aborted) and runs on what it warmed so far, rather than waiting
     * for it (a second cold run after the first, at 10^5) or running beside it on the same two cores.
     * The answers are not kept. Returns the names of those that ran to the end; a failure is logged and changes nothing.
     */
    public java.util.concurrent.CompletableFuture<List<String>> warmUp(QuestionCatalogue catalogue) {
        var started = org.regiokg.startup.StartupTasks.supply(() -> {
            List<String> warmed = new ArrayList<>();
            WARMING.set(true);
            try {
                for (Question question : catalogue.all()) {
                    if (!question.warm()) continue;
                    if (warmUpStopped) break;
                    try {
                        AnswerFormat.offeredFor(question).get(0).write(execute(question, bind(question, Map.of(), new ArrayList<>()),
                                page(question, Map.of(), new ArrayList<>()), false), java.io.OutputStream.nullOutputStream());
                        warmed.add(question.name());
                    } catch (RuntimeException e) {
                        if (warmUpStopped) break;
                        LOG.warn("Warming up the question '{}' failed (its first answer runs cold): {}", question.name(), e.toString());
                    }
                }
            } finally {
                WARMING.remove();
            }
            return List.copyOf(warmed);
        });
        this.warmUp = started;
        return started;
    }

    private void stopWarmUp(Question question) {
        if (question.warm()) stopWarmUp();
    }

    /** Stops the start's warm-up if it still runs (a request for a warm question, or the server's close). */
    public void stopWarmUp() {
        var running = warmUp;
        if (running == null || running.isDone()) return;
        warmUpStopped = true;
        QueryExec exec = warming.get();
        if (exec != null) exec.abort();
    }

    /** Runs the question with the caller's arguments (name to values, as from a query string). */
    public Answer run(Question question, Map<String, List<String>> arguments) {
        stopWarmUp(question);
        List<Finding> findings = new ArrayList<>();
        Binding binding = bind(question, arguments, findings);
        Page page = page(question, arguments, findings);
        boolean indexOrder = indexOrder(arguments, findings);
        if (!findings.isEmpty()) throw new InvalidArguments(findings);
        return execute(question, binding, page, indexOrder);
    }

    private static boolean indexOrder(Map<String, List<String>> arguments, List<Finding> findings) {
        List<String> values = arguments.getOrDefault(ORDER, List.of());
        if (values.isEmpty() || values.equals(List.of(ORDER_SORTED))) return false;
        if (values.equals(List.of(ORDER_INDEX))) return true;
        findings.add(Finding.parameter(ORDER, "must be '" + ORDER_SORTED + "' (the question's order, the default) or '"
                + ORDER_INDEX + "' (the store's index order, fast at size), not " + quote(String.join(",", values))));
        return false;
    }

    /**
     * Drops the question's ORDER BY for {@code order=index}: the engine streams rows as its indexes give them.
     * Clearing the list is not enough: ARQ compiles an empty ORDER BY into a sort without keys, which still
     * reads every row before the first; a shallow copy of the query leaves an empty one out.
     */
    private static Query unsort(Query query, boolean indexOrder) {
        if (!indexOrder || !query.hasOrderBy()) return query;
        query.getOrderBy().clear();
        Query copy = org.apache.jena.sparql.syntax.syntaxtransform.QueryTransformOps.shallowCopy(query);
        // The shallow copy leaves out the aggregates (COUNT, SAMPLE in the projection): their columns would be empty.
        copy.getAggregators().addAll(query.getAggregators());
        return copy;
    }

    private static Binding bind(Question question, Map<String, List<String>> arguments, List<Finding> findings) {
        for (String name : arguments.keySet())
            if (question.parameter(name).isEmpty() && !RESERVED.contains(name))
                findings.add(Finding.parameter(name, "is not a parameter of '" + question.name() + "'; it takes "
                        + (question.parameters().isEmpty() ? "none" : question.parameters().stream().map(Parameter::name).toList())));
        BindingBuilder binding = BindingBuilder.create();
        for (Parameter p : question.parameters()) {
            List<String> values = arguments.getOrDefault(p.name(), List.of());
            String value;
            if (values.size() > 1) {
                findings.add(Finding.parameter(p.name(), "is given " + values.size() + " times; give it once"));
                continue;
            } else if (values.size() == 1) {
                value = values.get(0);
            } else if (p.defaultValue().isPresent()) {
                value = p.defaultValue().get();
            } else {
                if (p.required()) findings.add(Finding.parameter(p.name(), "is required (" + p.type().label() + ")"));
                continue;
            }
            try {
                Node node = p.type().toNode(value);
                binding.add(Var.alloc(p.variable()), node);
            } catch (ParameterType.InvalidValue e) {
                findings.add(Finding.parameter(p.name(), "the value " + quote(value) + " " + e.getMessage()));
            }
        }
        return binding.build();
    }

    private static Page page(Question question, Map<String, List<String>> arguments, List<Finding> findings) {
        long limit = number(arguments, LIMIT, question.pageSize().map(Long::valueOf).orElse(DEFAULT_PAGE_SIZE), 1, MAX_PAGE_SIZE, findings);
        long offset = number(arguments, OFFSET, 0, 0, Long.MAX_VALUE / 2, findings);
        return new Page(offset, limit);
    }

    private static long number(Map<String, List<String>> arguments, String name, long dflt, long min, long max, List<Finding> findings) {
        List<String> values = arguments.getOrDefault(name, List.of());
        if (values.isEmpty()) return dflt;
        try {
            long n = Long.parseLong(values.get(0).trim());
            if (values.size() == 1 && n >= min && n <= max) return n;
        } catch (NumberFormatException e) {
            // reported below
        }
        findings.add(Finding.parameter(name, "must be one whole number from " + min + " to " + max + ", not " + quote(String.join(",", values))));
        return dflt;
    }

    /**
     * The query the API runs for these arguments, with the values and the page written into it: the
     * same SPARQL for a client of {@code /kg/sparql} (benchmarks compare the two).
     */
    public Query boundQuery(Question question, Map<String, List<String>> arguments) {
        List<Finding> findings = new ArrayList<>();
        Binding binding = bind(question, arguments, findings);
        Page page = page(question, arguments, findings);
        boolean indexOrder = indexOrder(arguments, findings);
        if (!findings.isEmpty()) throw new InvalidArguments(findings);
        Map<Var, Node> values = new java.util.HashMap<>();
        binding.forEach(values::put);
        Query query = org.apache.jena.sparql.syntax.syntaxtransform.QueryTransformOps.transform(asked(question, binding), values);
        return query.isAskType() ? query : paged(query, page, question.paging(), indexOrder);
    }

    /** The question's query without what its optional arguments that are not given decide (BoundTerms.absent). */
    private static Query asked(Question question, Binding binding) {
        java.util.Set<Var> absent = new java.util.HashSet<>();
        for (Parameter p : question.parameters())
            if (!p.required() && !binding.contains(Var.alloc(p.variable()))) absent.add(Var.alloc(p.variable()));
        return org.regiokg.sparql.BoundTerms.absent(question.query(), absent);
    }

    private Answer execute(Question question, Binding binding, Page page, boolean indexOrder) {
        Query asked = asked(question, binding).cloneQuery();
        if (asked.isAskType())
            return Txn.calculateRead(dataset, () -> Answer.truth(exec(asked, binding).ask()));
        if (question.pagedInside() && !question.answersWithGraph() && PagedInside.unsorted(asked))
            return Txn.calculateRead(dataset, () -> foundFirst(asked, binding, page));
        Query query = paged(asked, page, question.paging(), indexOrder);
        if (question.answersWithGraph()) {
            return Txn.calculateRead(dataset, () -> {
                QueryExec exec = exec(query, binding);
                Graph graph = query.isConstructType() ? exec.construct() : exec.describe();
                // For graphs the page counts solutions, not triples: the extra solution cannot be seen here.
                return Answer.graph(graph, page, false);
            });
        }
        return Txn.calculateRead(dataset, () -> {
            RowSet rows = exec(query, binding).select();
            List<Var> vars = rows.getResultVars();
            List<Binding> list = new ArrayList<>();
            // Copied here: TDB2's bindings read their terms lazily, and the answer is written after the transaction.
            rows.forEachRemaining(b -> list.add(org.apache.jena.sparql.engine.binding.BindingFactory.copy(b)));
            boolean hasMore = list.size() > page.limit();
            return Answer.table(vars, hasMore ? list.subList(0, (int) page.limit()) : list, page, hasMore);
        });
    }

    /**
     * A question paged inside an unsorted sub-select (no ORDER BY anywhere): the page's rows first, one
     * more than asked (which tells of a next page), from that sub-select alone; then the outer query over
     * the page's rows as VALUES. A grouping outer query gives its rows in hash order, so the one more
     * could not be told from the others in one query.
     */
    private Answer foundFirst(Query asked, Binding binding, Page page) {
        Query sub = paged(PagedInside.pageSubQuery(asked).cloneQuery(), page, Question.Paging.OUTER, false);
        RowSet found = exec(sub, binding).select();
        List<Var> vars = found.getResultVars();
        List<Binding> rows = new ArrayList<>();
        found.forEachRemaining(b -> rows.add(org.apache.jena.sparql.engine.binding.BindingFactory.copy(b)));
        boolean hasMore = rows.size() > page.limit();
        PagedInside.found(asked, new org.apache.jena.sparql.syntax.ElementData(vars, hasMore ? rows.subList(0, (int) page.limit()) : rows));
        RowSet answer = exec(asked, binding).select();
        List<Binding> list = new ArrayList<>();
        answer.forEachRemaining(b -> list.add(org.apache.jena.sparql.engine.binding.BindingFactory.copy(b)));
        return Answer.table(answer.getResultVars(), list, page, hasMore);
    }

    private QueryExec exec(Query query, Binding binding) {
        QueryExec exec = QueryExec.dataset(dataset).query(query).substitution(binding).build();
        if (WARMING.get()) {
            warming.set(exec);
            if (warmUpStopped) exec.abort();  // a request came between the check and now
        }
        return exec;
    }

    /**
     * Pages within the query's own LIMIT and OFFSET, if it has them, fetching one row more; without its
     * ORDER BY for {@code order=index}. For a question paged inside, the page is cut in its first sorted
     * sub-select, and the outer query, which looks up each of the page's rows and sorts them again, keeps
     * the page's rows. For {@code order=index} such a question drops both sorts when its outer query keeps
     * the sub-select's order (no grouping): the page is then the sub-select's first rows as the index
     * gives them, and the one row more its last. A grouping question keeps its order: the one row more
     * must be the sub-select's last, which only its order tells (its sort is the cheap part).
     */
    private static Query paged(Query query, Page page, Question.Paging paging, boolean indexOrder) {
        if (paging != Question.Paging.OUTER && PagedInside.unsorted(query)) {
            // One query with the page's rows (boundQuery; the API finds them first, foundFirst): the
            // sub-select cut at the page itself, since the outer query's order cannot tell the one more.
            PagedInside.replace(query, sub -> {
                sub.setOffset(page.offset());
                sub.setLimit(page.limit());
                return sub;
            });
            return query;
        }
        if (paging == Question.Paging.INNER) {
            boolean stream = indexOrder && PagedInside.keepsOrder(query);
            PagedInside.replace(query, sub -> paged(sub, page, Question.Paging.OUTER, stream));
            Query outer = unsort(query, stream);
            outer.setLimit(page.limit() + 1);
            return outer;
        }
        if (paging == Question.Paging.LEADING) {
            // The sub-select's first offset + limit + 1 rows (each starts at least one row of the answer)
            // hold the page and the one row more; the outer query skips the offset among their rows.
            boolean stream = indexOrder && PagedInside.keepsOrder(query);
            Page leading = new Page(0, page.offset() + page.limit());
            PagedInside.replace(query, sub -> paged(sub, leading, Question.Paging.OUTER, stream));
            Query outer = unsort(query, stream);
            outer.setOffset(page.offset());
            outer.setLimit(page.limit() + 1);
            return outer;
        }
        query = unsort(query, indexOrder);
        long ownOffset = query.hasOffset() ? query.getOffset() : 0;
        long fetch = page.limit() + 1;
        if (query.hasLimit()) fetch = Math.max(0, Math.min(fetch, query.getLimit() - page.offset()));
        query.setOffset(ownOffset + page.offset());
        query.setLimit(fetch);
        return query;
    }

    private static String quote(String value) {
        String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return "\"" + shown.replace("\n", "\\n").replace("\r", "\\r") + "\"";
    }
}
