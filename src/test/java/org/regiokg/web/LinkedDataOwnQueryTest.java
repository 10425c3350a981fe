package org.regiokg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;

import org.apache.jena.riot.Lang;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.regiokg.ingest.CsvImporter;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.ingest.ShapesGate;
import org.regiokg.server.RegioServer;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * The Linked Data pages run their own system query, not the public question describe-thing.rq: a
 * query folder without that file (deleted or broken by a user) leaves /id working.
 */
@Tag("integration")
class LinkedDataOwnQueryTest {
    @TempDir
    static Path queries;
    static Store store;
    static TestServer server;

    @BeforeAll
    static void start() throws IOException {
        // The public questions, but describe-thing.rq missing and a broken one in its place.
        try (var files = Files.list(TestServer.PROJECT.resolve("queries"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".rq")).toList())
                if (!f.getFileName().toString().equals("describe-thing.rq")) Files.copy(f, queries.resolve(f.getFileName()));
        }
        Files.writeString(queries.resolve("describe-thing-edited.rq"), "#+ returns: [p]\nSELECT ?direction { ?_thing_iri ?p ?o }\n");
        store = Store.inMemory();
        CuratedContent content = new CuratedContent(TestServer.PROJECT);
        content.loadInto(store);
        content.importDefaults(new CsvImporter(store, content.mappingsDir(), new ShapesGate(content.shapesFile())));
        server = TestServer.over(store, RegioServer.builder(store).queries(queries));
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    @Test
    void aThingIsServedWithoutThePublicQuestion() {
        assertThat(server.get("/api/questions/describe-thing", "application/json").statusCode()).isEqualTo(404);
        HttpResponse<String> r = server.get("/id/organisation/trilux", "text/turtle");
        assertThat(r.statusCode()).isEqualTo(200);
        LinkedDataTest.assertTriluxGraph(LinkedDataTest.parse(r.body(), Lang.TURTLE));
    }

    @Test
    void thePageIsServedToo() {
        HttpResponse<String> r = server.get("/id/organisation/trilux", "text/html");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).containsIgnoringCase("trilux");
        assertThat(server.get("/id/organisation/no-such-thing", "text/html").statusCode()).isEqualTo(404);
    }
}
