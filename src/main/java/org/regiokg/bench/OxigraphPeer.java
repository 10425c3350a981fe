package org.regiokg.bench;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Oxigraph (its npm package, pinned in bench/oxigraph/package.json) driven by bench/oxigraph/bench.mjs
 * in a Node process: loads the store's union graph into memory and runs the same SPARQL texts in-process,
 * so its timings exclude HTTP. Installs the package with {@code npm ci} on first use.
 */
final class OxigraphPeer {
    /** What the Node script reported: its load of the dump and, by question name, the timings. */
    record Result(String version, long triples, double loadSeconds, Map<String, Timing> timings) {}

    private final Path scriptDir;
    private final Path workDir;
    private final int requests;
    private final Duration budget;
    private final ObjectMapper json = new ObjectMapper();

    /**
     * {@code budget}: as RegioKG's, per question. A question whose first answer takes longer is
     * stopped (the Node process is killed) and reported over budget: Oxigraph needed 76 s for one
     * that Jena answers in 0.3 s at 10,000 organisations, and did not finish in ten minutes at 100,000.
     */
    OxigraphPeer(Path baseDir, Path workDir, int requests, Duration budget) {
        this.scriptDir = baseDir.resolve("bench/oxigraph");
        this.workDir = workDir;
        this.requests = requests;
        this.budget = budget;
    }

    /** Loads {@code mergedGraph} (N-Triples) into Oxigraph, then checks and times each question. */
    Result time(Path mergedGraph, List<TimedQuestion> questions) throws Exception {
        if (!Files.isDirectory(scriptDir.resolve("node_modules/oxigraph")))
            run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", scriptDir.toAbsolutePath().toString()), workDir.resolve("oxigraph-npm.log"));
        Map<String, Timing> timings = new LinkedHashMap<>();
        JsonNode load = null;
        List<TimedQuestion> rest = new ArrayList<>(questions);
        // One Node process for all questions; when one is stopped, a fresh process (and load) for the rest.
        while (!rest.isEmpty()) {
            try (NodeRun node = new NodeRun(mergedGraph, rest)) {
                JsonNode header = node.next(Duration.ofHours(1));
                if (load == null) load = header;
                while (!rest.isEmpty()) {
                    TimedQuestion q = rest.remove(0);
                    // Its first answer within the budget (and a little for the answer to be written); then its
                    // warm-up and timed runs, which the script stops at the budget (each run at most as long as the first).
                    JsonNode first = node.next(budget.plusSeconds(5));
                    if (first == null) {
                        timings.put(q.name(), Timing.overBudget(budget));
                        break;
                    }
                    expect(first, q);
                    if (first.has("error")) {
                        timings.put(q.name(), Timing.failed("failed: " + first.path("error").asText()));
                        continue;
                    }
                    JsonNode timed = node.next(budget.multipliedBy(3).plusSeconds(10));
                    if (timed == null) {
                        timings.put(q.name(), Timing.overBudget(budget));
                        break;
                    }
                    expect(timed, q);
                    timings.put(q.name(), timing(q, first, timed));
                }
            }
        }
        return new Result(load.path("oxigraph").asText(), load.path("triples").asLong(), load.path("loadSeconds").asDouble(), timings);
    }

    private static void expect(JsonNode line, TimedQuestion q) {
        if (!line.path("name").asText().equals(q.name()))
            throw new IllegalStateException("the Oxigraph script answered " + line.path("name") + " for " + q.name());
    }

    private Timing timing(TimedQuestion q, JsonNode first, JsonNode timed) {
        if (timed.has("error")) return Timing.failed("failed: " + timed.path("error").asText());
        String difference = q.differenceFrom(TimedQuestion.rows(first.path("answer"), q.vars()));
        if (difference != null) return Timing.failed("rows differ: " + difference);
        if (timed.path("overBudget").asBoolean()) return Timing.overBudget(budget);
        List<Double> millis = new ArrayList<>();
        timed.path("millis").forEach(m -> millis.add(m.asDouble()));
        return Timing.of(millis);
    }

    /** bench.mjs over some questions, its JSON lines read as they come; closing kills it. */
    private final class NodeRun implements AutoCloseable {
        private static final String END = "";
        private final Process process;
        private final Path errors = workDir.resolve("oxigraph.err");
        private final BlockingQueue<String> lines = new LinkedBlockingQueue<>();

        NodeRun(Path mergedGraph, List<TimedQuestion> questions) throws IOException {
            Path input = workDir.resolve("oxigraph-questions.json");
            List<Map<String, String>> texts = new ArrayList<>();
            for (TimedQuestion q : questions) texts.add(Map.of("name", q.name(), "sparql", q.sparql()));
            json.writeValue(input.toFile(), Map.of("warmup", requests < 5 ? 0 : Math.max(1, requests / 10), "requests", requests,
                    "budgetSeconds", budget.toSeconds(), "questions", texts));
            process = new ProcessBuilder("node", scriptDir.resolve("bench.mjs").toAbsolutePath().toString(),
                    mergedGraph.toAbsolutePath().toString(), input.toAbsolutePath().toString())
                    .redirectError(errors.toFile()).start();
            Thread reader = new Thread(() -> {
                try (var in = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8))) {
                    for (String line; (line = in.readLine()) != null; ) lines.add(line);
                } catch (IOException e) {
                    // the process was killed
                } finally {
                    lines.add(END);
                }
            }, "oxigraph-output");
            reader.setDaemon(true);
            reader.start();
        }

        /** The next line, or null when none came within {@code wait}; fails when the script ended early. */
        JsonNode next(Duration wait) throws Exception {
            String line = lines.poll(wait.toMillis(), TimeUnit.MILLISECONDS);
            if (line == null) return null;
            if (line.equals(END)) {
                process.waitFor(10, TimeUnit.SECONDS);
                throw new IllegalStateException("the Oxigraph script ended early (exit " + (process.isAlive() ? "?" : process.exitValue()) + "): " + tail(errors));
            }
            return json.readTree(line);
        }

        @Override
        public void close() throws InterruptedException {
            process.destroyForcibly();
            process.waitFor(10, TimeUnit.SECONDS);
        }
    }

    /** Runs {@code command}, its standard output into {@code output}; fails with its error output. */
    private void run(List<String> command, Path output) throws IOException, InterruptedException {
        Path errors = workDir.resolve(output.getFileName() + ".err");
        Process p = new ProcessBuilder(command).redirectOutput(output.toFile()).redirectError(errors.toFile()).start();
        if (p.waitFor() != 0)
            throw new IllegalStateException(String.join(" ", command) + " failed (exit " + p.exitValue() + "): " + tail(errors));
    }

    private static String tail(Path file) throws IOException {
        String text = Files.readString(file).strip();
        return text.length() <= 600 ? text : "…" + text.substring(text.length() - 600);
    }
}
