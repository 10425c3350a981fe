package org.regiokg.bench;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URLEncoder;
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
import java.util.Set;

import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.riot.lang.StreamRDFCounting;
import org.apache.jena.riot.system.StreamRDFLib;
import org.apache.jena.riot.system.StreamRDFWriter;
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
import org.regiokg.server.RegioServer;
import org.regiokg.storage.Store;
import org.regiokg.synthetic.SyntheticGraph;

/**
 * The benchmark at one size: generate a synthetic graph, parse it, bulk-load it into TDB2, import a
 * synthetic CSV list, then time five stored questions through the API and the same SPARQL through
 * {@code /kg/sparql} on the same running server, after checking both give the same number of rows.
 * With peers, the same SPARQL texts then run on standalone Fuseki and Oxigraph over the same data
 * (before the import changes it), checked against RegioKG's rows first.
 */
public final class Benchmark {
    /** The questions timed, with their arguments; the agency's question first. */
    public static final Map<String, Map<String, List<String>>> QUESTIONS = new LinkedHashMap<>();

    static {
        QUESTIONS.put("world-market-leaders-without-digital-partner", Map.of());
        QUESTIONS.put("organisations-by-competence", Map.of("competence", List.of("https://w3id.org/regiokg/id/competence/e-commerce")));
        QUESTIONS.put("organisations-in-region", Map.of("region", List.of("https://w3id.org/regiokg/id/place/kreis-olpe")));
        QUESTIONS.put("roles-at-date", Map.of("asOf", List.of("2020-01-01")));
        QUESTIONS.put("world-market-leaders-by-niche", Map.of());
    }

    private final Path baseDir;
    private final Path workDir;
    private final int requests;
    private final Duration budget;
    private final PrintStream report;

    private final List<String> only;
    private final Set<Peer> peers;

    /**
     * {@code only}: the names of the questions to time, or null for all of {@link #QUESTIONS};
     * {@code peers}: the other engines to time on the same data and queries (none by default).
     */
    public Benchmark(Path baseDir, Path workDir, int requests, Duration budget, PrintStream report, List<String> only, Set<Peer> peers) {
        this.budget = budget;
        this.only = only;
        this.peers = peers.isEmpty() ? EnumSet.noneOf(Peer.class) : EnumSet.copyOf(peers);
        this.baseDir = baseDir;
        this.workDir = workDir;
        this.requests = requests;
        this.report = report;
        // Before a run that may take long: say now how to fetch the Fuseki jar when it is missing.
        if (this.peers.contains(Peer.FUSEKI)) new FusekiPeer(baseDir, workDir, requests).jar();
    }

    public void run(long organisations, long seed) throws Exception {
        CuratedContent content = new CuratedContent(baseDir);
        Path file = workDir.resolve("synthetic-" + organisations + ".nq");
        long t = System.nanoTime();
        long quads;
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            quads = new SyntheticGraph(content.parse()).write(organisations, seed, StreamRDFWriter.getWriterStream(out, RDFFormat.NQUADS));
        }
        double generate = seconds(t);

        t = System.nanoTime();
        StreamRDFCounting counting = StreamRDFLib.count();
        RDFParser.source(file).parse(counting);
        double parse = seconds(t);

        Path storeDir = workDir.resolve("store-" + organisations);
        Path dump = workDir.resolve("store-" + organisations + "-merged.nt");
        deleteTree(storeDir);
        StringBuilder questions = new StringBuilder();
        List<TimedQuestion> timed;
        double load;
        try (Store store = Store.tdb2(storeDir)) {
            content.loadInto(store);
            content.importDefaults(new CsvImporter(store, content.mappingsDir(), new ShapesGate(content.shapesFile())));
            t = System.nanoTime();
            DataLoader loader = LoaderFactory.createLoader(store.storage(), MonitorOutputs.nullOutput());
            loader.startBulk();
            loader.load(file.toString());
            loader.finishBulk();
            load = seconds(t);
        }
        // Reopened as the server would be after a load: gathers TDB2's planner statistics first.
        t = System.nanoTime();
        try (Store store = Store.tdb2(storeDir)) {
            double statistics = seconds(t);
            report.printf("%n## %,d organisations (%,d quads, seed %d)%n%n", organisations, quads, seed);
            report.println("| load step | time | rate |");
            report.println("| --- | --- | --- |");
            report.printf("| generate (regiokg generate) | %.1f s | %,.0f quads/s |%n", generate, quads / generate);
            report.printf("| RIOT parse of the N-Quads file | %.1f s | %,.0f quads/s |%n", parse, counting.count() / parse);
            report.printf("| TDB2 bulk load | %.1f s | %,.0f quads/s |%n", load, quads / load);
            report.printf("| reopen with planner statistics (TDB2 stats.opt over the union graph) | %.1f s | %,.0f quads/s |%n", statistics, quads / statistics);
            // Questions first: the import's rows are world market leaders too and would change their answers.
            timed = timeQuestions(store, questions);
            // Oxigraph loads exactly what RegioKG queries: the store's union graph (curated, default import, synthetic).
            if (peers.contains(Peer.OXIGRAPH)) dumpUnionGraph(store, dump);
        }
        // The peers on the same data, before the import changes it; Fuseki needs the store closed (one process only).
        PeerTable peerTable = peers.isEmpty() ? null : timePeers(storeDir, dump, timed);
        try (Store store = Store.tdb2(storeDir)) {
            CsvImporter importer = new CsvImporter(store, content.mappingsDir(), new ShapesGate(content.shapesFile()));
            int csvRows = (int) Math.min(organisations, 10_000);
            byte[] csv = syntheticList(csvRows, seed);
            t = System.nanoTime();
            importer.importCsv("bench-list.csv", csv, "world-market-leaders", "bench", CsvImporter.Progress.NONE);
            double importSeconds = seconds(t);
            report.printf("| RegioKG CSV import (%,d rows, world-market-leaders, into this store) | %.1f s | %,.0f rows/s |%n",
                    csvRows, importSeconds, csvRows / importSeconds);
        }
        if (peerTable != null) report.print(peerTable.loadSteps());
        report.print(questions);
        if (peerTable != null) report.printf("%nPeers on the same data and SPARQL (ratio RegioKG / peer at p50; above 1: RegioKG slower):%n%n%s", peerTable.markdown());
    }

    private PeerTable timePeers(Path storeDir, Path dump, List<TimedQuestion> timed) {
        PeerTable table = new PeerTable(timed);
        // A peer that cannot run is reported in the table; the rest of the benchmark goes on.
        if (peers.contains(Peer.FUSEKI)) {
            try {
                table.add(Peer.FUSEKI, new FusekiPeer(baseDir, workDir, requests).time(storeDir, timed));
            } catch (Exception e) {
                table.failed(Peer.FUSEKI, e.getMessage());
            }
        }
        if (peers.contains(Peer.OXIGRAPH)) {
            try {
                table.add(new OxigraphPeer(baseDir, workDir, requests, budget).time(dump, timed));
            } catch (Exception e) {
                table.failed(Peer.OXIGRAPH, e.getMessage());
            }
        }
        return table;
    }

    /**
     * The union of the named graphs, each triple once, as N-Triples: the default graph RegioKG's
     * queries see. Not the quads with Oxigraph's union option: Oxigraph 0.5.11 counts a triple once
     * per graph that holds it there (oxigraph issue #1919), which gives duplicate rows.
     */
    private static void dumpUnionGraph(Store store, Path file) throws IOException {
        try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(file), 1 << 16)) {
            Txn.executeRead(store.dataset(), () -> RDFDataMgr.write(out, store.dataset().getUnionGraph(), RDFFormat.NTRIPLES));
        }
    }

    /** Times the questions into {@code table}; returns them with their SPARQL and rows, for the peers. */
    private List<TimedQuestion> timeQuestions(Store store, StringBuilder table) throws Exception {
        List<TimedQuestion> timed = new ArrayList<>();
        QuestionCatalogue catalogue = new QuestionCatalogue(baseDir.resolve("queries"));
        QuestionRunner runner = new QuestionRunner(store.dataset());
        LatencyProbe probe = new LatencyProbe();
        ObjectMapper json = new ObjectMapper();
        try (RegioServer server = RegioServer.builder(store).port(0).loopbackOnly(true).queries(catalogue.directory())
                .queryTimeout(Duration.ofMinutes(5)).build().start()) {
            String base = "http://localhost:" + server.port();
            table.append("\n");
            table.append("| question | API p50 | SPARQL p50 | API/SPARQL p50 | API p99 | SPARQL p99 | API req/s 1 client | API req/s 2 clients | SPARQL req/s 2 clients | API p50, answer cached | timed per face | rows |\n");
            table.append("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |\n");
            for (var entry : QUESTIONS.entrySet()) {
                if (only != null && !only.contains(entry.getKey())) continue;
                Question q = catalogue.find(entry.getKey()).orElseThrow(() -> new IllegalStateException("no question " + entry.getKey()));
                StringBuilder args = new StringBuilder();
                entry.getValue().forEach((k, v) -> args.append(args.isEmpty() ? "?" : "&").append(k).append('=').append(enc(v.get(0))));
                HttpRequest cachedApi = LatencyProbe.get(base + "/api/questions/" + q.name() + args, "application/json");
                HttpRequest api = LatencyProbe.uncached(cachedApi);
                String sparql = runner.boundQuery(q, entry.getValue()).serialize();
                HttpRequest raw = LatencyProbe.get(base + "/kg/sparql?query=" + enc(sparql), "application/sparql-results+json");
                long firstAnswer = System.nanoTime();
                var apiAnswer = json.readTree(probe.send(api).body());
                var rawJson = json.readTree(probe.send(raw).body());
                var rawAnswer = rawJson.path("results").path("bindings");
                int apiRows = apiAnswer.size();
                // The same rows, in the same order (SPARQL has the one row more the API fetches to see a next page).
                if (rawAnswer.size() != apiRows && rawAnswer.size() != apiRows + 1)
                    throw new IllegalStateException(q.name() + ": the API answered " + apiRows + " rows, SPARQL " + rawAnswer.size());
                for (int i = 0; i < apiRows; i++)
                    for (var v : q.query().getProjectVars()) {
                        String a = apiAnswer.get(i).path(v.getVarName()).asText(""), b = rawAnswer.get(i).path(v.getVarName()).path("value").asText("");
                        if (!a.equals(b) && !(apiAnswer.get(i).path(v.getVarName()).isNumber()))
                            throw new IllegalStateException(q.name() + ": row " + i + " ?" + v.getVarName() + " differs: " + a + " / " + b);
                    }
                // Interleaved rounds, so that noise on the shared machine falls on both alike; a question
                // slower than the budget allows gets fewer rounds (at least one) and one request per client in the throughput runs.
                long deadline = System.nanoTime() + budget.toNanos();
                List<Double> apiMillis = new ArrayList<>(), rawMillis = new ArrayList<>();
                int warmup = Math.max(2, requests / 10);
                // Since firstAnswer: one request on each face, the cost of one more for each.
                if (!overBudget(deadline, (warmup + requests) * (System.nanoTime() - firstAnswer))) {
                    probe.latencies(api, warmup, 0);
                    probe.latencies(raw, warmup, 0);
                }
                for (int round = 0; round < 5 && (round == 0 || System.nanoTime() < deadline); round++) {
                    apiMillis.addAll(probe.latencies(api, 0, Math.max(1, requests / 5)));
                    rawMillis.addAll(probe.latencies(raw, 0, Math.max(1, requests / 5)));
                }
                double cachedP50 = LatencyProbe.percentile(probe.latencies(cachedApi, 1, requests), 50);
                // Past the budget, two clients send one request each: the figure is rough but there.
                int perClient = System.nanoTime() < deadline ? Math.max(1, requests / 2) : 1;
                String api2 = rate(probe.throughput(api, 2, perClient));
                String raw2 = rate(probe.throughput(raw, 2, perClient));
                double apiP50 = LatencyProbe.percentile(apiMillis, 50), rawP50 = LatencyProbe.percentile(rawMillis, 50);
                table.append(String.format("| %s | %.1f ms | %.1f ms | %.2f | %.1f ms | %.1f ms | %s | %s | %s | %.1f ms | %d | %d |%n", q.name(),
                        apiP50, rawP50, apiP50 / rawP50,
                        LatencyProbe.percentile(apiMillis, 99), LatencyProbe.percentile(rawMillis, 99),
                        rate(1000.0 / apiMillis.stream().mapToDouble(Double::doubleValue).average().orElse(1)), api2, raw2, cachedP50,
                        apiMillis.size(), apiRows));
                List<String> vars = q.query().getProjectVars().stream().map(v -> v.getVarName()).toList();
                timed.add(new TimedQuestion(q.name(), sparql, vars, TimedQuestion.rows(rawJson, vars), apiP50, rawP50));
            }
        }
        return timed;
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

    /** Requests per second: one decimal, two below 1 (a question of 50 s is 0.02, not 0.0). */
    private static String rate(double perSecond) {
        return String.format(perSecond < 1 ? "%.2f" : "%.1f", perSecond);
    }

    /** True when {@code nanos} more from now would pass the deadline. */
    private static boolean overBudget(long deadline, long nanos) {
        return System.nanoTime() + nanos > deadline;
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
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
}
