package org.regiokg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import com.sun.net.httpserver.HttpServer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.regiokg.testing.TestServer;

/**
 * CORS as a browser enforces it: a page served by another origin (a second HTTP server on another
 * port) reads /kg/sparql (a simple GET and a POST that needs a preflight) and a question, and cannot
 * write through /kg/update even with the admin login.
 */
@Tag("browser")
class CrossOriginBrowserTest {
    static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    static final String PAGE = "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>elsewhere</title></head><body>another site</body></html>";

    static TestServer server;
    static HttpServer elsewhere;
    static ChromeDriver driver;
    static Path profile;

    @BeforeAll
    static void start() throws IOException {
        assertThat(CHROMIUM).as("Chromium is missing: run scripts/install-browser.sh").isExecutable();
        server = TestServer.withCuratedGraph();
        elsewhere = HttpServer.create(new InetSocketAddress("localhost", 0), 0);
        elsewhere.createContext("/", exchange -> {
            byte[] body = PAGE.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        elsewhere.start();
        profile = Files.createTempDirectory("regiokg-cors-");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
                "--disable-component-update", "--disable-sync", "--disable-dev-shm-usage", "--user-data-dir=" + profile);
        driver = new ChromeDriver(new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile()).usingAnyFreePort().build(), options);
        driver.manage().timeouts().scriptTimeout(Duration.ofSeconds(30));
        driver.get("http://localhost:" + elsewhere.getAddress().getPort() + "/");
    }

    @AfterAll
    static void stop() throws IOException {
        if (driver != null) driver.quit();
        if (elsewhere != null) elsewhere.stop(0);
        if (server != null) server.close();
        if (profile != null) try (var files = Files.walk(profile)) {
            files.sorted(java.util.Comparator.reverseOrder()).map(Path::toFile).forEach(File::delete);
        }
    }

    /** Runs fetch in the other site's page; the answer's status and text, or the error the browser gave. */
    @SuppressWarnings("unchecked")
    static Map<String, Object> fetch(String url, String init) {
        return (Map<String, Object>) driver.executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], JSON.parse(arguments[1]))
                  .then(r => r.text().then(t => done({status: r.status, text: t, origin: location.origin})))
                  .catch(e => done({error: String(e), origin: location.origin}));""", url, init);
    }

    @Test
    void anotherSiteReadsSparqlByGet() {
        String url = server.url("/kg/sparql?query=" + TestServer.encode("SELECT ?label { <https://w3id.org/regiokg/id/organisation/trilux> <http://www.w3.org/2000/01/rdf-schema#label> ?label }"));
        Map<String, Object> r = fetch(url, "{\"headers\": {\"Accept\": \"application/sparql-results+json\"}}");
        assertThat(r.get("origin")).isNotEqualTo(server.url(""));
        assertThat(r).as(r.toString()).containsEntry("status", 200L);
        assertThat((String) r.get("text")).contains("Trilux");
    }

    @Test
    void anotherSiteQueriesByPostAfterAPreflight() {
        // application/sparql-query is not a "simple" type: the browser asks with OPTIONS first.
        Map<String, Object> r = fetch(server.url("/kg/sparql"), """
                {"method": "POST", "headers": {"Content-Type": "application/sparql-query", "Accept": "text/csv"},
                 "body": "SELECT ?label { <https://w3id.org/regiokg/id/place/kreis-olpe> <http://www.w3.org/2000/01/rdf-schema#label> ?label }"}""");
        assertThat(r).as(r.toString()).containsEntry("status", 200L);
        assertThat((String) r.get("text")).contains("Kreis Olpe");
    }

    @Test
    void anotherSiteReadsAQuestion() {
        Map<String, Object> r = fetch(server.url("/api/questions/organisations-in-region?region=" + TestServer.encode("https://w3id.org/regiokg/id/place/suedwestfalen")), "{}");
        assertThat(r).as(r.toString()).containsEntry("status", 200L);
        assertThat((String) r.get("text")).contains("Trilux");
    }

    @Test
    void anotherSiteCannotWrite() {
        String auth = java.util.Base64.getEncoder().encodeToString(("admin:" + TestServer.ADMIN_PASSWORD).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> r = fetch(server.url("/kg/update"), """
                {"method": "POST", "headers": {"Content-Type": "application/sparql-update", "Authorization": "Basic %s"},
                 "body": "INSERT DATA { GRAPH <https://w3id.org/regiokg/graph/notes/cors> { <urn:x> <urn:y> <urn:z> } }"}""".formatted(auth));
        assertThat(r).as(r.toString()).containsKey("error");
        assertThat(server.sparqlGet("ASK { GRAPH <https://w3id.org/regiokg/graph/notes/cors> { ?s ?p ?o } }", "application/sparql-results+json").body())
                .contains("false");
    }
}
