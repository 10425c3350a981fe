package org.regiokg.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Oxigraph (its npm package, pinned in bench/oxigraph/package.json) driven by bench/oxigraph/bench.mjs
 * in a Node process: loads the store's union graph into memory and runs the same SPARQL texts in-process,
 * so its timings exclude HTTP. Installs the package with {@code npm ci} on first use.
 */
final class OxigraphPeer {
    /** What the Node script reported: its load of the dump and, by question name, the timings. */
    record Result(String version, long triples, double loadSeconds, Map<String, PeerTiming> timings) {}

    /** Timed runs of a question stop after this long: Oxigraph may need a minute for a question Jena answers in 0.3 s. */
    static final int BUDGET_SECONDS = 30;

    private final Path scriptDir;
    private final Path workDir;
    private final int requests;
    private final ObjectMapper json = new ObjectMapper();

    OxigraphPeer(Path baseDir, Path workDir, int requests) {
        this.scriptDir = baseDir.resolve("bench/oxigraph");
        this.workDir = workDir;
        this.requests = requests;
    }

    /** Loads {@code mergedGraph} (N-Triples) into Oxigraph, then checks and times each question. */
    Result time(Path mergedGraph, List<TimedQuestion> questions) throws Exception {
        if (!Files.isDirectory(scriptDir.resolve("node_modules/oxigraph")))
            run(List.of("npm", "ci", "--no-audit", "--no-fund", "--prefix", scriptDir.toAbsolutePath().toString()), workDir.resolve("oxigraph-npm.log"));
        Path input = workDir.resolve("oxigraph-questions.json");
        List<Map<String, String>> texts = new ArrayList<>();
        for (TimedQuestion q : questions) texts.add(Map.of("name", q.name(), "sparql", q.sparql()));
        json.writeValue(input.toFile(), Map.of("warmup", Math.max(2, requests / 10), "requests", requests,
                "budgetSeconds", BUDGET_SECONDS, "questions", texts));

        Path output = workDir.resolve("oxigraph-timings.json");
        run(List.of("node", scriptDir.resolve("bench.mjs").toAbsolutePath().toString(), mergedGraph.toAbsolutePath().toString(),
                input.toAbsolutePath().toString()), output);
        JsonNode report = json.readTree(output.toFile());
        Map<String, PeerTiming> timings = new LinkedHashMap<>();
        for (TimedQuestion q : questions) {
            JsonNode answer = findQuestion(report, q.name());
            if (answer.has("error")) {
                timings.put(q.name(), PeerTiming.notTimed("failed: " + answer.path("error").asText()));
                continue;
            }
            String difference = q.differenceFrom(TimedQuestion.rows(answer.path("answer"), q.vars()));
            List<Double> millis = new ArrayList<>();
            answer.path("millis").forEach(m -> millis.add(m.asDouble()));
            timings.put(q.name(), difference != null ? PeerTiming.notTimed("rows differ: " + difference) : PeerTiming.of(millis, requests));
        }
        return new Result(report.path("oxigraph").asText(), report.path("triples").asLong(), report.path("loadSeconds").asDouble(), timings);
    }

    private static JsonNode findQuestion(JsonNode report, String name) {
        for (JsonNode q : report.path("questions"))
            if (q.path("name").asText().equals(name)) return q;
        throw new IllegalStateException("the Oxigraph script gave no answer for " + name);
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
