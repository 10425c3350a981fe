package org.regiokg.web;

import org.regiokg.ingest.CsvImporter;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.ingest.ShapesGate;
import org.regiokg.server.RegioServer;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/** A real server over the curated graph and the default import (the 24 world market leaders), as the pages see it. */
final class WebServer implements AutoCloseable {
    final Store store;
    final TestServer server;

    private WebServer(Store store, TestServer server) {
        this.store = store;
        this.server = server;
    }

    static WebServer start() {
        Store store = Store.inMemory();
        CuratedContent content = new CuratedContent(TestServer.PROJECT);
        content.loadInto(store);
        content.importDefaults(new CsvImporter(store, content.mappingsDir(), new ShapesGate(content.shapesFile())));
        TestServer server = TestServer.over(store, RegioServer.builder(store).queries(TestServer.PROJECT.resolve("queries")));
        return new WebServer(store, server);
    }

    @Override
    public void close() {
        server.close();
        store.close();
    }
}
