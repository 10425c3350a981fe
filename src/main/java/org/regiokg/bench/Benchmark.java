package org.regiokg.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.lang.StreamRDFCounting;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.riot.system.StreamRDFWriter;
import org.apache.jena.sparql.core.DatasetGraphFactory;
import org.apache.jena.system.Txn;
import org.apache.jena.system.progress.MonitorOutputs;
import org.apache.jena.tdb2.loader.DataLoader;
import org.apache.jena.tdb2.loader.LoaderFactory;
import org.regiokg.ingest.CsvImporter;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.ingest.ShapesGate;
import org.regiokg.questions.Question;
import org.regiokg.questions.QuestionCatalogue;
import org.regiokg.questions.QuestionRunner;
import org.regiokg.storage.Store;
import org.regiokg.synthetic.SyntheticGraph;

/**
 * The benchmark at one size: generate a synthetic graph, parse it, bulk-load it into TDB2, start
 * RegioKG's server on it in a process of its own, time every operation of
 * {@code bench/operations.yaml} over HTTP (stored questions also as the same SPARQL on
 * {@code /kg/sparql}, after checking both give the same rows), stop it, time the peers on the same
 * data and SPARQL, then import a synthetic CSV list into the store. Reports Markdown and JSON.
 */
public final class Benchmark {
    private final Path baseDir;
    private final Path workDir;
    private final ServerCommand server;
    private final Path operationsFile;
    private final int requests;
    private final Duration budget;
    private final PrintStream out;
    private final List<String> only;
    private final Set<Peer> peers;
    private final ObjectMapper json = new ObjectMapper();
    private final boolean reuseStores;

    private Benchmark(Builder b) {
        this.baseDir = b.baseDir;
        this.workDir = b.workDir;
        this.server = b.server;
        this.operationsFile = b.operationsFile != null ? b.operationsFile : b.baseDir.resolve("bench/operations.yaml");
        this.requests = b.requests;
        this.budget = b.budget;
        this.out = b.out;
        this.only = b.only;
        this.reuseStores = b.reuseStores;
        this.peers = b.peers.isEmpty() ? EnumSet.noneOf(Peer.class) : EnumSet.copyOf(b.peers);
        // Before a run that may take long: say now how to fetch the Fuseki jar when it is missing.
        if (peers.contains(Peer.FUSEKI) || peers.contains(Peer.REMOTE)) new FusekiPeer(workDir, requests, budget).jar();
        if (peers.contains(Peer.VIRTUOSO)) VirtuosoPeer.checkInstalled();
    }

    /** {@code server}: how to start RegioKG's server (the bench runs it as a separate process). */
    public static Builder builder(Path baseDir, Path workDir, ServerCommand server) {
        return new Builder(baseDir, workDir, server);
    }

    /** Runs the bench at one size; prints its Markdown and writes {@code bench-N.json} and {@code bench-N.md} into the work folder. */
    public Report run(long organisations, long seed) throws Exception {
        OperationsFile plan = OperationsFile.read(operationsFile);
        CuratedContent content = new CuratedContent(baseDir);
        List<Report.LoadStep> steps = new ArrayList<>();
        Path file = workDir.resolve("synthetic-" + organisations + ".nq");
        Path storeDir = workDir.resolve("store-" + organisations);
        Path dump = workDir.resolve("store-" + organisations + "-merged.nt");
        Path built = workDir.resolve("store-" + organisations + ".built");
        long t = System.nanoTime();
        long quads;
        boolean reused = reuseStores && Files.exists(built) && Files.isDirectory(storeDir);
        if (reused) {
            quads = Long.parseLong(Files.readString(built).strip());
            steps.add(new Report.LoadStep(String.format("store of an earlier run reused, %,d generated quads (--reuse-stores: no generation, load or import)", quads), 0, 0, ""));
        } else {
            quads = build(content, organisations, seed, file, storeDir, steps);
            Files.writeString(built, Long.toString(quads));
        }

        // RegioKG's server in its own JVM; its query time limit is the budget, so it stops what the bench gives up on.
        List<OperationResult> results;
        t = System.nanoTime();
        int port = ServerProcess.freePort();
        try (ServerProcess regiokg = ServerProcess.start(server.command(storeDir, port, budget), workDir, workDir.resolve("server-" + organisations + ".log"),
                port, "/api/health", Duration.ofMinutes(30))) {
            steps.add(new Report.LoadStep("server start (own JVM: opens the store, TDB2 planner statistics)", seconds(t), 0, ""));
            t = System.nanoTime();
            if (settle(regiokg.baseUrl()))
                steps.add(new Report.LoadStep("server settled (its background VoID count of a large store done; nothing timed before)", seconds(t), 0, ""));
            results = timeOperations(plan, regiokg.baseUrl(), organisations);
        }
        // The peers on the same data, before the import changes it; Fuseki needs the store closed (one process only).
        List<TimedQuestion> sparql = new ArrayList<>();
        Map<String, OperationResult> byName = new LinkedHashMap<>();
        for (OperationResult r : results) byName.put(r.operation().name(), r);
        for (OperationResult r : results) if (r.operation().peers() && reference.containsKey(r.operation().name())) sparql.add(reference.get(r.operation().name()));
        // Oxigraph loads exactly what RegioKG queries: the store's union graph (curated, default import, synthetic)
        // with the facts the server derived when it first opened the store (dumped before that, its rows differed).
        if ((peers.contains(Peer.OXIGRAPH) || peers.contains(Peer.VIRTUOSO)) && !(reused && Files.exists(dump)))
            try (Store store = Store.tdb2(storeDir)) {
                dumpUnionGraph(store, dump);
            }
        if (!peers.isEmpty()) timePeers(storeDir, dump, sparql, byName, steps);

        if (!reused) try (Store store = Store.tdb2(storeDir)) {
            CsvImporter importer = new CsvImporter(store, content.mappingsDir(), new ShapesGate(content.shapesFile()));
            int csvRows = (int) Math.min(organisations, 10_000);
            byte[] csv = syntheticList(csvRows, seed);
            t = System.nanoTime();
            importer.importCsv("bench-list.csv", csv, "world-market-leaders", "bench", CsvImporter.Progress.NONE);
            steps.add(new Report.LoadStep(String.format("RegioKG CSV import (%,d rows, world-market-leaders, into this store)", csvRows), seconds(t), csvRows, "rows"));
        }
        Report report = new Report(organisations, seed, quads, budget, requests, peers, steps, results);
        String md = report.markdown();
        out.print(md);
        Files.writeString(workDir.resolve("bench-" + organisations + ".md"), md);
        report.writeJson(workDir.resolve("bench-" + organisations + ".json"));
        out.printf("%n(Written to %s and %s.)%n", workDir.resolve("bench-" + organisations + ".md"), workDir.resolve("bench-" + organisations + ".json"));
        return report;
    }

    /** Generates the synthetic graph and bulk-loads it with the curated content into a new store; the quads generated. */
    private long build(CuratedContent content, long organisations, long seed, Path file, Path storeDir, List<Report.LoadStep> steps) throws IOException {
        long t = System.nanoTime();
        long quads;
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            quads = new SyntheticGraph(content.parse()).write(organisations, seed, StreamRDFWriter.getWriterStream(os, RDFFormat.NQUADS));
        }
        steps.add(new Report.LoadStep("generate (regiokg generate)", seconds(t), quads, "quads"));

        t = System.nanoTime();
        StreamRDFCounting counting = StreamRDFLib.count();
        RDFParser.source(file).parse(counting);
        steps.add(new Report.LoadStep("RIOT parse of the N-Quads file", seconds(t), counting.count(), "quads"));

        deleteTree(storeDir);
        try (Store store = Store.tdb2(storeDir)) {
            content.loadInto(store);
            content.importDefaults(new CsvImporter(store, content.mappingsDir(), new ShapesGate(content.shapesFile())));
            t = System.nanoTime();
            DataLoader loader = LoaderFactory.createLoader(store.storage(), MonitorOutputs.nullOutput());
            loader.startBulk();
            loader.load(file.toString());
            loader.finishBulk();
            steps.add(new Report.LoadStep("TDB2 bulk load", seconds(t), quads, "quads"));
        }
        return quads;
    }

    /** The SPARQL RegioKG ran for each question operation, with its rows: what the peers must answer. */
    private final Map<String, TimedQuestion> reference = new LinkedHashMap<>();

    private List<OperationResult> timeOperations(OperationsFile plan, String base, long organisations) throws Exception {
        reference.clear();
        QuestionCatalogue catalogue = new QuestionCatalogue(baseDir.resolve("queries"));
        // Only binds arguments into the question's text; never runs a query, so an empty dataset serves.
        QuestionRunner binder = new QuestionRunner(DatasetGraphFactory.empty());
        LatencyProbe probe = new LatencyProbe();
        Timer timer = new Timer(probe, requests, budget);
        Map<String, String> unpicked = new LinkedHashMap<>();
        Map<String, String> picked = pick(plan, base, probe, organisations, unpicked);
        List<OperationResult> results = new ArrayList<>();
        for (Operation declared : plan.operations()) {
            if (only != null && !only.contains(declared.name()) && !only.contains(declared.group())) continue;
            Operation op;
            try {
                op = declared.filled(v -> OperationsFile.fill(v, organisations, picked));
            } catch (IllegalArgumentException e) {
                results.add(OperationResult.skipped(declared, e.getMessage() + (unpicked.isEmpty() ? "" : "; not picked: " + unpicked)));
                continue;
            }
            OperationResult r;
            if (op.isQuestion()) {
                Optional<Question> q = catalogue.find(op.question());
                r = q.isEmpty() ? OperationResult.skipped(op, "no question " + op.question() + " in queries/" + (op.optional() ? " (optional: skipped)" : ""))
                        : timeQuestion(op, q.get(), binder, base, probe, timer);
            } else {
                r = timeRequest(op, base, probe, timer);
            }
            results.add(r);
            out.printf("  %-60s %s%n", op.name(), r.skipped() ? "skipped" : r.api().p50Cell());
        }
        return results;
    }

    /** The API and the same SPARQL on /kg/sparql, their rows checked against each other, then timed interleaved. */
    /**
     * Waits until the server has counted a large store for VoID in the background (503 until then), so
     * that the count's minute of CPU and disk does not fall on the first operations timed. True if it waited.
     */
    private static boolean settle(String base) throws InterruptedException {
        LatencyProbe probe = new LatencyProbe();
        HttpRequest voidDescription = LatencyProbe.get(base + "/api/void", "text/turtle", Duration.ofMinutes(2));
        long deadline = System.nanoTime() + Duration.ofMinutes(30).toNanos();
        boolean waited = false;
        while (probe.send(voidDescription).status() == 503 && System.nanoTime() < deadline) {
            waited = true;
            Thread.sleep(2000);
        }
        return waited;
    }

    private OperationResult timeQuestion(Operation op, Question q, QuestionRunner binder, String base, LatencyProbe probe, Timer timer) throws Exception {
        // A key "a|b" names alternatives: the first parameter of these the question has (for a question still taking shape).
        Map<String, String> given = new LinkedHashMap<>();
        op.args().forEach((k, v) -> given.put(java.util.Arrays.stream(k.split("\\|")).filter(n -> q.parameter(n).isPresent()).findFirst().orElse(k), v));
        Map<String, List<String>> args = new LinkedHashMap<>();
        given.forEach((k, v) -> args.put(k, List.of(v)));
        HttpRequest api = LatencyProbe.uncached(LatencyProbe.get(base + "/api/questions/" + q.name()
                + (args.isEmpty() ? "" : "?" + LatencyProbe.query(given)), "application/json", limit()));
        org.apache.jena.query.Query bound = binder.boundQuery(q, args);
        String sparql = SparqlText.of(bound);
        // Without ORDER BY (order=index) the store may give the rows in another order each time: compared as sets.
        boolean ordered = bound.hasOrderBy() || bound.isAskType();
        HttpRequest raw = LatencyProbe.post(base + "/kg/sparql", Map.of("query", sparql), "application/sparql-results+json", limit());
        LatencyProbe.Reply apiFirst = probe.send(api), rawFirst = probe.send(raw);
        List<String> notes = new ArrayList<>();
        Integer rows = null;
        if (apiFirst.ok()) {
            JsonNode answer = json.readTree(apiFirst.body());
            rows = answer.isArray() ? answer.size() : 1;
            if (rawFirst.ok()) {
                List<String> vars = q.query().isAskType() ? List.of("boolean") : q.query().getResultVars();
                JsonNode rawJson = json.readTree(rawFirst.body());
                String difference = compare(answer, rawJson, vars, ordered);
                if (difference != null) notes.add("API and /kg/sparql differ: " + difference);
                else reference.put(op.name(), new TimedQuestion(op.name(), sparql, vars, TimedQuestion.rows(rawJson, vars), ordered));
            }
        }
        List<Timing> timings = timer.time(List.of(api, raw), List.of(apiFirst, rawFirst));
        timings.forEach(tm -> { if (tm.problem() != null && !tm.overBudget()) notes.add(tm.problem()); });
        return OperationResult.of(op, timings.get(0), timings.get(1), rows, apiFirst.body().length, notes);
    }

    private OperationResult timeRequest(Operation op, String base, LatencyProbe probe, Timer timer) {
        HttpRequest request = op.method().equals("POST")
                ? LatencyProbe.post(base + op.path(), op.params(), op.accept(), limit())
                : LatencyProbe.get(base + op.path() + (op.params().isEmpty() ? "" : "?" + LatencyProbe.query(op.params())), op.accept(), limit());
        request = LatencyProbe.uncached(request);
        LatencyProbe.Reply first = probe.send(request);
        Timing timing = timer.time(List.of(request), List.of(first)).get(0);
        List<String> notes = timing.problem() != null && !timing.overBudget() ? List.of(timing.problem()) : List.of();
        return OperationResult.of(op, timing, null, null, first.body().length, notes);
    }

    /**
     * The API's rows against /kg/sparql's, value by value and in order (SPARQL has the one row more
     * the API fetches to see a next page); null when they agree.
     */
    private static String compare(JsonNode api, JsonNode raw, List<String> vars, boolean ordered) {
        if (raw.has("boolean")) return api.asText().equals(raw.get("boolean").asText()) ? null : "ASK " + api + " / " + raw.get("boolean");
        JsonNode bindings = raw.path("results").path("bindings");
        if (!api.isArray()) return "the API answered no rows: " + Timer.abbreviate(api.toString());
        if (bindings.size() != api.size() && bindings.size() != api.size() + 1)
            return "the API answered " + api.size() + " rows, SPARQL " + bindings.size();
        if (!ordered) {
            // A page of an unordered answer may hold other rows each time; a whole answer must hold the same ones.
            if (bindings.size() != api.size()) return null;
            List<String> a = new ArrayList<>(), b = new ArrayList<>();
            for (int i = 0; i < api.size(); i++) {
                StringBuilder ra = new StringBuilder(), rb = new StringBuilder();
                for (String v : vars) {
                    JsonNode value = api.get(i).path(v);
                    ra.append(value.isNumber() ? "#" : value.asText("")).append('\t');
                    rb.append(value.isNumber() ? "#" : bindings.get(i).path(v).path("value").asText("")).append('\t');
                }
                a.add(ra.toString());
                b.add(rb.toString());
            }
            java.util.Collections.sort(a);
            java.util.Collections.sort(b);
            return a.equals(b) ? null : "the rows differ as sets (order=index)";
        }
        for (int i = 0; i < api.size(); i++)
            for (String v : vars) {
                JsonNode a = api.get(i).path(v);
                String b = bindings.get(i).path(v).path("value").asText("");
                if (!a.asText("").equals(b) && !a.isNumber()) return "row " + i + " ?" + v + ": " + a.asText("") + " / " + b;
            }
        return null;
    }

    /**
     * The values {@code bench/operations.yaml} picks from the data: each the first row's column of a
     * question. One that cannot be picked goes into {@code unpicked} with the reason; the operations
     * that need it are skipped, the others run.
     */
    private Map<String, String> pick(OperationsFile plan, String base, LatencyProbe probe, long organisations, Map<String, String> unpicked) throws IOException {
        Map<String, String> picked = new LinkedHashMap<>();
        for (var e : plan.picks().entrySet()) {
            OperationsFile.Pick p = e.getValue();
            Map<String, String> args = new LinkedHashMap<>();
            p.args().forEach((k, v) -> args.put(k, OperationsFile.fill(v, organisations, Map.of())));
            String url = base + "/api/questions/" + p.question() + (args.isEmpty() ? "" : "?" + LatencyProbe.query(args));
            // Up to three tries: the server's first queries run cold (a fresh JVM), within the budget as time limit.
            LatencyProbe.Reply r = probe.send(LatencyProbe.get(url, "application/json", limit()));
            for (int attempt = 1; attempt < 3 && !r.ok(); attempt++) r = probe.send(LatencyProbe.get(url, "application/json", limit()));
            JsonNode rows = r.ok() ? json.readTree(r.body()) : null;
            if (rows == null || !rows.isArray() || rows.isEmpty() || !rows.get(0).hasNonNull(p.column()))
                unpicked.put(e.getKey(), url + " gave no ?" + p.column() + (r.ok() ? "" : " (HTTP " + r.status() + ": " + Timer.abbreviate(r.text()) + ")"));
            else
                picked.put(e.getKey(), rows.get(0).get(p.column()).asText());
        }
        out.printf("%nPicked from the data: %s%s%n", picked, unpicked.isEmpty() ? "" : "; not picked: " + unpicked);
        return picked;
    }

    private void timePeers(Path storeDir, Path dump, List<TimedQuestion> sparql, Map<String, OperationResult> byName, List<Report.LoadStep> steps) {
        // A peer that cannot run is noted on every operation; the rest of the benchmark goes on.
        if (peers.contains(Peer.FUSEKI)) {
            try {
                new FusekiPeer(workDir, requests, budget).time(storeDir, sparql).forEach((name, timing) -> byName.get(name).peers().put(Peer.FUSEKI, timing));
            } catch (Exception e) {
                sparql.forEach(q -> byName.get(q.name()).peers().put(Peer.FUSEKI, Timing.failed("Fuseki failed: " + e.getMessage())));
            }
        }
        if (peers.contains(Peer.VIRTUOSO)) {
            try {
                VirtuosoPeer.Result result = new VirtuosoPeer(workDir, requests, budget).time(dump, sparql);
                result.timings().forEach((name, timing) -> byName.get(name).peers().put(Peer.VIRTUOSO, timing));
                steps.add(new Report.LoadStep("Virtuoso 7.2 bulk load of the store's union graph (peer)", result.loadSeconds(), 0, ""));
            } catch (Exception e) {
                sparql.forEach(q -> byName.get(q.name()).peers().put(Peer.VIRTUOSO, Timing.failed("Virtuoso failed: " + e.getMessage())));
            }
        }
        if (peers.contains(Peer.REMOTE)) {
            try {
                new RemotePeer(workDir, requests, budget, server).time(storeDir, sparql).forEach((name, timing) -> byName.get(name).peers().put(Peer.REMOTE, timing));
            } catch (Exception e) {
                sparql.forEach(q -> byName.get(q.name()).peers().put(Peer.REMOTE, Timing.failed("RegioKG remote failed: " + e.getMessage())));
            }
        }
        if (peers.contains(Peer.OXIGRAPH)) {
            try {
                OxigraphPeer.Result result = new OxigraphPeer(baseDir, workDir, requests, budget).time(dump, sparql);
                result.timings().forEach((name, timing) -> byName.get(name).peers().put(Peer.OXIGRAPH, timing));
                steps.add(new Report.LoadStep("Oxigraph " + result.version() + " in-memory load of the store's union graph (peer, in Node)",
                        result.loadSeconds(), result.triples(), "triples"));
            } catch (Exception e) {
                sparql.forEach(q -> byName.get(q.name()).peers().put(Peer.OXIGRAPH, Timing.failed("Oxigraph failed: " + e.getMessage())));
            }
        }
    }

    /** One request's time limit: the budget, and a little for the answer to arrive after the server's own limit. */
    private Duration limit() {
        return budget.plusSeconds(5);
    }

    /**
     * The union of the named graphs, each triple once, as N-Triples: the default graph RegioKG's
     * queries see. Not the quads with Oxigraph's union option: Oxigraph 0.5.11 counts a triple once
     * per graph that holds it there (oxigraph issue #1919), which gives duplicate rows.
     */
    private static void dumpUnionGraph(Store store, Path file) throws IOException {
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            Txn.executeRead(store.dataset(), () -> RDFDataMgr.write(os, store.dataset().getUnionGraph(), RDFFormat.NTRIPLES));
        }
    }

    /** A synthetic world-market-leaders list over real towns of Südwestfalen. */
    static byte[] syntheticList(int rows, long seed) {
        String[][] towns = {{"Arnsberg", "Hochsauerlandkreis"}, {"Meschede", "Hochsauerlandkreis"}, {"Olpe", "Kreis Olpe"},
                {"Attendorn", "Kreis Olpe"}, {"Lüdenscheid", "Märkischer Kreis"}, {"Siegen", "Kreis Siegen-Wittgenstein"},
                {"Lippstadt", "Kreis Soest"}};
        java.util.SplittableRandom random = new java.util.SplittableRandom(seed);
        StringBuilder csv = new StringBuilder("name,town,district,niche,source_url,confidence\n");
        for (int i = 0; i < rows; i++) {
            String[] town = towns[random.nextInt(towns.length)];
            csv.append("Bench Company ").append(i).append(" GmbH,").append(town[0]).append(',').append(town[1])
               .append(",Niche ").append(i % 500).append(",https://example.org/bench/").append(i).append(",high\n");
        }
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) return;
        try (var walk = Files.walk(dir)) {
            for (Path p : walk.sorted(java.util.Comparator.reverseOrder()).toList()) Files.delete(p);
        }
    }

    /** The bench's settings; {@link #build()} checks what it can before a long run. */
    public static final class Builder {
        private final Path baseDir;
        private final Path workDir;
        private final ServerCommand server;
        private Path operationsFile;
        private int requests = 20;
        private Duration budget = Duration.ofSeconds(30);
        private PrintStream out = System.out;
        private List<String> only;
        private Set<Peer> peers = EnumSet.noneOf(Peer.class);
        private boolean reuseStores;

        private Builder(Path baseDir, Path workDir, ServerCommand server) {
            this.baseDir = baseDir;
            this.workDir = workDir;
            this.server = server;
        }

        /** The operations to time (default: {@code bench/operations.yaml} under the base folder). */
        public Builder operations(Path file) {
            this.operationsFile = file;
            return this;
        }

        /** Timed requests per operation and face, at most. */
        public Builder requests(int n) {
            this.requests = n;
            return this;
        }

        /** Time per operation and face: one answer slower than this is "> budget"; timed runs stop when it is spent. */
        public Builder budget(Duration budget) {
            this.budget = budget;
            return this;
        }

        public Builder report(PrintStream out) {
            this.out = out;
            return this;
        }

        /** Only the operations (or groups) of these names; null for all. */
        public Builder only(List<String> names) {
            this.only = names;
            return this;
        }

        public Builder peers(Set<Peer> peers) {
            this.peers = peers;
            return this;
        }

        /** Reuse a store an earlier run built in the work folder (a 10^6 store takes many minutes); its CSV import is then left out, so the store stays as built. */
        public Builder reuseStores(boolean reuse) {
            this.reuseStores = reuse;
            return this;
        }

        public Benchmark build() {
            return new Benchmark(this);
        }
    }
}
