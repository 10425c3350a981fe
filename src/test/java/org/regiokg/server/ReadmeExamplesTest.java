package org.regiokg.server;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * Every {@code curl} example of README.md, taken from the README itself and run with curl against
 * a test server (the curated graph and the default import), returns what the README says. A new
 * example without an expectation here fails, so the README cannot grow untested examples.
 */
@Tag("integration")
class ReadmeExamplesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final Path README = TestServer.PROJECT.resolve("README.md");
    static Store store;
    static TestServer server;
    @TempDir
    static Path workDir;

    /** What each example returns, by a piece of its command line that names it. */
    static final Map<String, Consumer<String>> EXPECTED = new LinkedHashMap<>();
    static {
        // "How many statements, per source graph (CSV)"
        // "Paging at size": pages in index order answer rows (checked before the questions' own entries below).
        EXPECTED.put("order=index", out -> assertThat(json(out)).isNotEmpty());
        EXPECTED.put("GROUP BY ?g", out -> {
            assertThat(out.lines().findFirst()).hasValue("g,n");
            assertThat(out.lines().count()).isGreaterThan(5);
        });
        // "The same as SPARQL JSON, by GET": ten organisations (needs the type closure: rules/types.rq).
        EXPECTED.put("FormalOrganization", out -> {
            assertThat(json(out).at("/results/bindings")).hasSize(10);
        });
        // "Searching by name": text:query finds Märkischer Kreis despite the typo.
        EXPECTED.put("text:query", out -> assertThat(out).contains("https://w3id.org/regiokg/id/place/maerkischer-kreis")
                .contains("https://w3id.org/regiokg/id/organisation/maerkischer-kreis"));
        // "A graph, read through the Graph Store Protocol" (its first lines)
        EXPECTED.put("/kg/get?graph=", out -> {
            assertThat(out.lines().count()).isEqualTo(10);
            assertThat(out).contains("<https://w3id.org/regiokg/def");
        });
        // "An update (needs the admin password)"
        EXPECTED.put("/kg/update", out -> assertThat(server.sparqlGet("ASK { <https://w3id.org/regiokg/id/organisation/trilux> "
                + "<http://www.w3.org/2000/01/rdf-schema#comment> \"visited\"@en }", "application/sparql-results+json").body()).contains("true"));
        // "Health": {"status": "ok", "quads": N}
        EXPECTED.put("/api/health", out -> {
            assertThat(json(out).path("status").asText()).isEqualTo("ok");
            assertThat(json(out).path("quads").asLong()).isPositive();
        });
        // "A predefined question, as JSON (default)"
        EXPECTED.put("world-market-leaders-without-digital-partner", out -> assertThat(json(out)).isNotEmpty());
        // "then as CSV"
        EXPECTED.put("roles-at-date", out -> {
            assertThat(out.lines().findFirst().orElse("")).contains(",");
            assertThat(out.lines().count()).isGreaterThan(1);
        });
        // "Importing lists": the running server's import report.
        EXPECTED.put("/api/imports", out -> {
            assertThat(json(out).path("graph").asText()).endsWith("graph/import/my-list");
            assertThat(json(out).path("rows").asLong()).isPositive();
        });
        // "Loading RDF": the running server's load report.
        EXPECTED.put("/api/loads", out -> {
            assertThat(json(out).path("graphs").toString()).contains("https://example.org/graph/register");
            assertThat(json(out).path("statements").asLong()).isEqualTo(2);
        });
        // "Linked Data": the thing as Turtle, the term as JSON-LD.
        EXPECTED.put("/id/organisation/trilux", out -> assertThat(out).contains("Trilux"));
        EXPECTED.put("/def/Company", out -> assertThat(json(out).toString()).contains("Company"));
    }

    @BeforeAll
    static void start() throws IOException {
        store = TestServer.curatedStore(true);
        server = TestServer.over(store, RegioServer.builder(store).adminPassword(TestServer.ADMIN_PASSWORD)
                .importer(TestServer.importer(store)).queries(TestServer.PROJECT.resolve("queries")));
        // The load example sends register.ttl.
        Files.writeString(workDir.resolve("register.ttl"), "<https://example.org/register/1> <http://www.w3.org/2000/01/rdf-schema#label> \"Eintrag 1\"@de .\n"
                + "<https://example.org/register/2> <http://www.w3.org/2000/01/rdf-schema#label> \"Eintrag 2\"@de .\n");
        // The import example sends my-list.csv: the real list of world market leaders.
        try (Stream<Path> lists = Files.list(TestServer.PROJECT.resolve("data/import/world-market-leaders"))) {
            Files.copy(lists.filter(p -> p.toString().endsWith(".csv")).findFirst().orElseThrow(), workDir.resolve("my-list.csv"));
        }
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    /** The README's curl commands, continuation lines joined, with the README line each starts on. */
    static Map<Integer, String> curlExamples() throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        Map<Integer, String> examples = new LinkedHashMap<>();
        boolean inShell = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("```")) {
                inShell = !inShell && line.startsWith("```sh");
                continue;
            }
            if (!inShell || !line.strip().startsWith("curl ")) continue;
            int start = i + 1;
            StringBuilder command = new StringBuilder(line.strip());
            while (command.toString().endsWith("\\") && i + 1 < lines.size()) {
                command.setLength(command.length() - 1);
                command.append(' ').append(lines.get(++i).strip());
            }
            // A comment at the end of the line explains; it is not part of the command.
            examples.put(start, command.toString().replaceAll("\\s+#\\s[^'\"]*$", ""));
        }
        return examples;
    }

    @Test
    void theReadmeHasCurlExamples() throws IOException {
        assertThat(curlExamples()).hasSizeGreaterThanOrEqualTo(EXPECTED.size());
    }

    @TestFactory
    List<DynamicTest> everyCurlExampleAnswersAsTheReadmeSays() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        curlExamples().forEach((line, command) -> tests.add(DynamicTest.dynamicTest("README.md:" + line + " " + command, () -> {
            Consumer<String> expected = EXPECTED.entrySet().stream().filter(e -> command.contains(e.getKey()))
                    .map(Map.Entry::getValue).findFirst()
                    .orElseThrow(() -> new AssertionError("README.md:" + line + " has an example without an expectation in this test: " + command));
            expected.accept(run(command));
        })));
        return tests;
    }

    static String run(String command) throws IOException, InterruptedException {
        String local = command.replace("http://localhost:8080", server.url(""));
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", "set -o pipefail; " + local).directory(workDir.toFile());
        pb.environment().put("REGIOKG_ADMIN_PASSWORD", TestServer.ADMIN_PASSWORD);
        pb.redirectError(ProcessBuilder.Redirect.DISCARD);  // curl's progress meter, where an example has no -s
        Process p = pb.start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        String text = new String(out, StandardCharsets.UTF_8);
        // head closes the pipe early: curl's exit 23 there is expected.
        assertThat(p.exitValue()).as(local + "\n" + text).isIn(0, local.contains("| head") ? 23 : 0);
        return text;
    }

    static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + text, e);
        }
    }
}
