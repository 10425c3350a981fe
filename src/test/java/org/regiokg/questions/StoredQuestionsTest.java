package org.regiokg.questions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicContainer;
import org.junit.jupiter.api.DynamicNode;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.regiokg.ingest.CsvImporter;
import org.regiokg.server.RegioServer;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * The stored questions of {@code queries/} over the curated graph and the default import, asked over
 * HTTP of one real server. Their expected answers are data: {@code queries/tests/NAME.yaml}, one
 * dynamic test per case (format in {@code queries/tests/README.md}). What is not data stays here: the
 * catalogue, that every question has expectations, and an answer after one more import.
 */
@Tag("integration")
class StoredQuestionsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PLACE = "https://w3id.org/regiokg/id/place/";
    static final Path QUERIES = TestServer.PROJECT.resolve("queries");
    static final Path EXPECTED = QUERIES.resolve("tests");

    /** The 24 world market leaders of the default import, all seated in Südwestfalen, by name. */
    static final List<String> WORLD_MARKET_LEADERS = List.of(
            "Achenbach Buschhütten", "Aquatherm", "BJB", "Berghoff", "Berleburger Schaumstoffwerk", "Borbet",
            "Busch-Jaeger Elektro", "ERCO", "Frohn", "Hella", "ITH", "Julius Klinke", "Kracht", "Lübke & Vogt",
            "Mennekes Elektrotechnik", "Mubea (Muhr und Bender KG)", "Open-Xchange", "Otto Fuchs KG",
            "PMD (pmdtechnologies)", "SSI Schäfer", "Tracto-Technik", "Utsch AG", "Viega", "Walter Stauffenberg (STAUFF)");

    static Store store;
    static TestServer server;

    @BeforeAll
    static void start() {
        store = TestServer.curatedStore(true);
        server = TestServer.over(store, RegioServer.builder(store).queries(QUERIES));
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    static List<String> names(Path dir, String extension) throws Exception {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(extension))
                       .map(n -> n.substring(0, n.length() - extension.length())).sorted().toList();
        }
    }

    // ------------------------------------------------------------------ the expected answers, as data

    /** One container per file of queries/tests/, one test per case: "events.yaml › the events Open-Xchange took part in". */
    @TestFactory
    Stream<DynamicNode> expectedAnswers() throws Exception {
        return names(EXPECTED, ".yaml").stream().map(name -> {
            ExpectedAnswers expected = ExpectedAnswers.read(EXPECTED.resolve(name + ".yaml"));
            return DynamicContainer.dynamicContainer(name + ".yaml", expected.cases().stream().map(c ->
                    DynamicTest.dynamicTest(c.name(), () -> {
                        HttpResponse<String> r = server.get("/api/questions/" + name + c.query(), "application/json");
                        assertThat(r.statusCode()).as(name + c.query() + ": " + r.body()).isEqualTo(200);
                        ExpectedAnswers.verify(name, c, r.body());
                    })));
        });
    }

    /**
     * Every question has a file of expected answers and every such file a question. A missing file
     * fails rather than warns: a warning in a build log goes unread, and a question without
     * expectations is a question whose answer can change unnoticed. A question checked elsewhere
     * (it needs a remote service, or its page is the test) says so with {@code covered-by}.
     */
    @Test
    void everyStoredQuestionHasExpectedAnswersAndEveryFileAQuestion() throws Exception {
        List<String> questions = names(QUERIES, ".rq");
        List<String> files = names(EXPECTED, ".yaml");
        List<String> without = new ArrayList<>(questions);
        without.removeAll(files);
        List<String> orphans = new ArrayList<>(files);
        orphans.removeAll(questions);
        assertThat(without).as("questions in queries/ without queries/tests/NAME.yaml").isEmpty();
        assertThat(orphans).as("files in queries/tests/ without a question").isEmpty();
    }

    // ------------------------------------------------------------------ the catalogue

    @Test
    void everyStoredQuestionIsListedAndRunsWithItsDefaults() throws Exception {
        List<String> files = names(QUERIES, ".rq");
        assertThat(files).hasSizeGreaterThanOrEqualTo(15);
        JsonNode catalogue = JSON.readTree(server.get("/api/questions", "application/json").body());
        Map<String, JsonNode> listed = new LinkedHashMap<>();
        catalogue.path("questions").forEach(q -> listed.put(q.path("name").asText(), q));
        assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(files);
        for (JsonNode q : listed.values()) {
            assertThat(q.path("summary").asText()).as(q.path("name").asText()).isNotBlank();
            assertThat(q.path("description").asText()).as(q.path("name").asText()).isNotBlank();
            StringJoiner args = new StringJoiner("&", "?", "").setEmptyValue("");
            for (JsonNode p : q.path("parameters")) {
                if (p.path("required").asBoolean() && !p.has("default"))
                    args.add(p.path("name").asText() + "=" + TestServer.encode(example(p.path("type").asText())));
            }
            HttpResponse<String> r = server.get("/api/questions/" + q.path("name").asText() + args, "application/json");
            assertThat(r.statusCode()).as(q.path("name").asText() + ": " + r.body()).isEqualTo(200);
        }
    }

    static String example(String type) {
        return switch (type) {
            case "iri" -> PLACE + "suedwestfalen";
            case "xsd:date" -> "2018-06-25";
            case "xsd:integer" -> "2018";
            default -> "Arnsberg";
        };
    }

    // ------------------------------------------------------------------ after one more import

    @Test
    void aDeclaredPartnershipWithADigitalCompanyTakesAWorldMarketLeaderOffTheList() throws Exception {
        // A separate store with one more import: Viega and Open-Xchange declare a partnership.
        try (Store other = TestServer.curatedStore(true)) {
            CsvImporter importer = TestServer.importer(other);
            String csv = "name_a,town_a,district_a,kind_a,name_b,town_b,district_b,kind_b,since,topic,source_url\n"
                    + "Viega,Attendorn,Kreis Olpe,company,Open-Xchange,Olpe,Kreis Olpe,company,2023,software,https://example.org/test-partnership\n";
            importer.importCsv("test-partnership.csv", csv.getBytes(StandardCharsets.UTF_8), "partnerships", "test", CsvImporter.Progress.NONE);
            Question q = QuestionParser.parse(QUERIES.resolve("world-market-leaders-without-digital-partner.rq"));
            Map<String, String> ties = new LinkedHashMap<>();
            Txn.executeRead(other.dataset(), () -> {
                Answer a = new QuestionRunner(other.dataset()).run(q, Map.of());
                for (Binding b : a.rows())
                    ties.put(b.get(Var.alloc("name")).getLiteralLexicalForm(), b.get(Var.alloc("ties")).getLiteralLexicalForm());
            });
            List<String> expected = new ArrayList<>(WORLD_MARKET_LEADERS);
            expected.remove("Viega");
            assertThat(ties.keySet()).containsExactlyElementsOf(expected);
            // Open-Xchange's partner Viega has no digital competence, so Open-Xchange stays, with one tie.
            assertThat(ties.get("Open-Xchange")).isEqualTo("1");
            assertThat(ties.get("Aquatherm")).isEqualTo("0");
        }
    }
}
