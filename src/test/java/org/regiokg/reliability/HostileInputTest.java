package org.regiokg.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.TestFactory;
import org.regiokg.server.RegioServer;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * The hostile corpus ({@code src/test/resources/hostile/*.yaml}): every case against one real server
 * must end in its named 4xx with a clear message and no stack trace, under /api as a problem
 * document, and leave the store as it was (hash of the sorted N-Quads export).
 */
@Tag("integration")
class HostileInputTest {
    static final Path CORPUS = TestServer.PROJECT.resolve("src/test/resources/hostile");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final Pattern REPEAT = Pattern.compile("<<(\\d+)\\*(.*?)>>", Pattern.DOTALL);

    static Store store;
    static TestServer server;
    /** The hash after the last case, which the next case starts from (one export per case, not two). */
    static String lastHash;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One request of the corpus and what it must end in. */
    record Case(String name, String method, String path, Map<String, String> query, Map<String, String> form, String body,
                String bodyBase64, Map<String, String> headers, String auth, Map<String, Object> expect) {}

    @BeforeAll
    static void start() {
        lastHash = null;  // a rerun of a failed case starts a new store
        store = TestServer.curatedStore(true);
        server = TestServer.over(store, RegioServer.builder(store).adminPassword(TestServer.ADMIN_PASSWORD)
                .importer(TestServer.importer(store)).loginLockout(Duration.ofMillis(1)));
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    @TestFactory
    Stream<DynamicTest> everyHostileInputIsRefusedAndChangesNothing() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        int count = 0;
        try (Stream<Path> files = Files.list(CORPUS)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".yaml")).sorted().toList()) {
                List<Case> cases = YAML.readValue(file.toFile(), new TypeReference<List<Case>>() {});
                count += cases.size();
                for (Case c : cases)
                    tests.add(DynamicTest.dynamicTest(file.getFileName() + ": " + c.name(), () -> check(c)));
            }
        }
        assertThat(count).as("cases in the corpus").isGreaterThanOrEqualTo(60);
        return tests.stream();
    }

    private static void check(Case c) throws Exception {
        String before = lastHash == null ? StoreHash.of(store.dataset()) : lastHash;
        HttpResponse<String> r = HTTP.send(request(c), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        if (c.auth() != null && !c.auth().equals("admin")) forgiveFailedLogins();
        int status = ((Number) c.expect().get("status")).intValue();
        String body = r.body();
        String shown = body.length() > 600 ? body.substring(0, 600) + "…" : body;
        assertThat(r.statusCode()).as("status of %s; body: %s", c.name(), shown).isEqualTo(status);
        assertThat(body).as("no stack trace").doesNotContain("\tat ", "Exception:", "Error:");
        Object contains = c.expect().get("contains");
        if (contains != null) assertThat(body.toLowerCase()).as("the message names the cause").contains(contains.toString().toLowerCase());
        if (c.path().startsWith("/api/") && status != 405 && !"HEAD".equals(c.method()))
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as("content type").startsWith("application/problem+json");
        lastHash = null;
        String after = StoreHash.of(store.dataset());
        assertThat(after).as("the store after " + c.name()).isEqualTo(before);
        lastHash = after;
    }

    /** The login guard locks a client out after failed logins; one good login ends that, so cases stay independent. */
    private static void forgiveFailedLogins() throws Exception {
        Thread.sleep(5);
        HttpRequest ok = HttpRequest.newBuilder(URI.create(server.url("/kg/update")))
                .header("Authorization", basic(TestServer.ADMIN_PASSWORD))
                .header("Content-Type", "application/sparql-update")
                .POST(HttpRequest.BodyPublishers.ofString("INSERT DATA { }")).build();
        HTTP.send(ok, HttpResponse.BodyHandlers.discarding());
    }

    static HttpRequest request(Case c) {
        StringBuilder uri = new StringBuilder(server.url(expand(c.path())));
        if (c.query() != null) uri.append('?').append(encode(c.query()));
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(uri.toString())).timeout(Duration.ofSeconds(60));
        HttpRequest.BodyPublisher body = HttpRequest.BodyPublishers.noBody();
        if (c.form() != null) {
            b.header("Content-Type", "application/x-www-form-urlencoded");
            body = HttpRequest.BodyPublishers.ofString(encode(c.form()));
        } else if (c.body() != null) {
            body = HttpRequest.BodyPublishers.ofByteArray(expand(c.body()).getBytes(StandardCharsets.UTF_8));
        } else if (c.bodyBase64() != null) {
            body = HttpRequest.BodyPublishers.ofByteArray(Base64.getDecoder().decode(c.bodyBase64()));
        }
        if (c.headers() != null) c.headers().forEach(b::setHeader);
        if (c.auth() != null && !c.auth().equals("none"))
            b.header("Authorization", switch (c.auth()) {
                case "admin" -> basic(TestServer.ADMIN_PASSWORD);
                case "wrong" -> basic("not-the-password");
                default -> c.auth();
            });
        return b.method(c.method() == null ? "GET" : c.method(), body).build();
    }

    static String basic(String password) {
        return "Basic " + Base64.getEncoder().encodeToString((RegioServer.ADMIN_USER + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(Map<String, String> fields) {
        StringBuilder s = new StringBuilder();
        fields.forEach((k, v) -> {
            if (s.length() > 0) s.append('&');
            s.append(URLEncoder.encode(k, StandardCharsets.UTF_8)).append('=').append(URLEncoder.encode(expand(v), StandardCharsets.UTF_8));
        });
        return s.toString();
    }

    /** {@code <<N*TEXT>>}: TEXT N times, {@code {i}} in it the count. */
    static String expand(String text) {
        Matcher m = REPEAT.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            StringBuilder repeated = new StringBuilder();
            for (int i = 0; i < Integer.parseInt(m.group(1)); i++) repeated.append(m.group(2).replace("{i}", Integer.toString(i)));
            m.appendReplacement(out, Matcher.quoteReplacement(repeated.toString()));
        }
        m.appendTail(out);
        return out.toString();
    }
}
