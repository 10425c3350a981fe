package org.regiokg.link;

import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.query.Dataset;
import org.apache.jena.query.DatasetFactory;
import org.apache.jena.riot.RDFDataMgr;
import org.regiokg.testing.TestServer;

/** A local Fuseki on a free port serving wikidata-fixture/wikidata.ttl at /wikidata/sparql, like the Wikidata query service. */
final class WikidataFixture implements AutoCloseable {
    static final String FILE = "src/test/resources/wikidata-fixture/wikidata.ttl";
    private final FusekiServer server;

    WikidataFixture() {
        Dataset data = DatasetFactory.createTxnMem();
        RDFDataMgr.read(data, TestServer.PROJECT.resolve(FILE).toString());
        server = FusekiServer.create().port(0).loopback(true).add("/wikidata", data).build().start();
    }

    int port() {
        return server.getHttpPort();
    }

    /** The endpoint, as http://localhost:PORT/wikidata/sparql. */
    String endpoint() {
        return "http://localhost:" + port() + "/wikidata/sparql";
    }

    @Override
    public void close() {
        server.stop();
    }
}
