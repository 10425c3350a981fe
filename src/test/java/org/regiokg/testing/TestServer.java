package org.regiokg.testing;

import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;

import org.regiokg.ingest.CsvImporter;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.ingest.ShapesGate;
import org.regiokg.server.RegioServer;
import org.regiokg.storage.Store;

/** A real RegioKG server on a free port, over a real store, spoken to over HTTP. */
public final class TestServer implements AutoCloseable {
    public static final String ADMIN_PASSWORD = "test-admin-secret";
    /** The project root: surefire runs with it as the working directory. */
    public static final Path PROJECT = Path.of("").toAbsolutePath();

    private final RegioServer server;
    private final Store store;
    private final boolean ownsStore;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(RegioServer server, Store store, boolean ownsStore) {
        this.server = server;
        this.store = store;
        this.ownsStore = ownsStore;
    }

    /** An in-memory store with the curated content and, if asked, the default imports (the world market leaders). */
    public static Store curatedStore(boolean withDefaultImports) {
        Store store = Store.inMemory();
        CuratedContent content = new CuratedContent(PROJECT);
        content.loadInto(store);
        if (withDefaultImports) content.importDefaults(importer(store));
        return store;
    }

    /** The project's CSV importer (mappings and shapes) over the store. */
    public static CsvImporter importer(Store store) {
        CuratedContent content = new CuratedContent(PROJECT);
        return new CsvImporter(store, content.mappingsDir(), new ShapesGate(content.shapesFile()));
    }

    /** An in-memory store with the curated content, admin password set, 30 s timeout. */
    public static TestServer withCuratedGraph() {
        Store store = Store.inMemory();
        new CuratedContent(PROJECT).loadInto(store);
        return start(RegioServer.builder(store).adminPassword(ADMIN_PASSWORD), store, true);
    }

    /** A server over a store the caller owns (and closes). */
    public static TestServer over(Store store, RegioServer.Builder builder) {
        return start(builder, store, false);
    }

    private static TestServer start(RegioServer.Builder builder, Store store, boolean ownsStore) {
        RegioServer server = builder.port(0).loopbackOnly(true).build().start();
        return new TestServer(server, store, ownsStore);
    }

    public Store store() {
        return store;
    }

    public RegioServer server() {
        return server;
    }

    public String url(String path) {
        return "http://localhost:" + server.port() + path;
    }

    public HttpResponse<String> get(String path, String accept) {
        return send(HttpRequest.newBuilder(URI.create(url(path))).header("Accept", accept).GET().build());
    }

    public HttpResponse<String> get(String path) {
        return get(path, "*/*");
    }

    /** A SPARQL query by GET, with the result format chosen by Accept. */
    public HttpResponse<String> sparqlGet(String query, String accept) {
        return get("/kg/sparql?query=" + encode(query), accept);
    }

    /** A SPARQL query by POST (form-encoded), with the result format chosen by Accept. */
    public HttpResponse<String> sparqlPost(String query, String accept) {
        return postForm("/kg/sparql", "query=" + encode(query), accept, null);
    }

    public HttpResponse<String> update(String update, String password) {
        return postForm("/kg/update", "update=" + encode(update), "*/*", password);
    }

    public HttpResponse<String> postForm(String path, String body, String accept, String password) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(url(path)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .header("Accept", accept)
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (password != null)
            request.header("Authorization", "Basic " + Base64.getEncoder()
                    .encodeToString((RegioServer.ADMIN_USER + ":" + password).getBytes(StandardCharsets.UTF_8)));
        return send(request.build());
    }

    public HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        server.close();
        if (ownsStore) store.close();
    }
}
