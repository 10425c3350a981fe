package org.regiokg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.jena.atlas.iterator.Iter;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.testing.TestServer;

/**
 * Researchers' Python clients, as Debian ships them, with their default settings: SPARQLWrapper in
 * every return format, rdflib's SPARQLStore, and rdflib reading every dump VoID offers
 * ({@code scripts/sparql-clients.py}; {@code scripts/install-browser.sh} installs the packages).
 */
@Tag("integration")
class PythonClientsTest {
    static final Path PYTHON = Path.of("/usr/bin/python3");
    static final ObjectMapper JSON = new ObjectMapper();
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.withCuratedGraph();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void everyClientReadsTheSameAnswer() throws Exception {
        JsonNode read = run();
        long triples = count(() -> server.store().dataset().getUnionGraph()
                .find(NodeFactory.createURI("https://w3id.org/regiokg/id/organisation/trilux"), Node.ANY, Node.ANY).toList().size());
        assertThat(triples).isGreaterThan(5);
        for (String check : new String[] {"select-json", "select-xml", "select-csv", "select-tsv", "construct-rdfxml", "construct-xml",
                "construct-rdf", "construct-turtle", "construct-n3", "construct-jsonld", "sparqlstore-select", "sparqlstore-triples"})
            assertThat(read.path(check).asText()).as(check).isEqualTo(Long.toString(triples));
        assertThat(read.path("ask-json").asInt()).isEqualTo(1);
        assertThat(read.path("describe-turtle").asInt()).as(read.path("describe-turtle").asText()).isGreaterThanOrEqualTo((int) triples);
    }

    @Test
    void rdflibReadsEveryDumpInFull() throws Exception {
        JsonNode dumps = run().path("void-dumps");
        long quads = count(() -> Iter.count(server.store().dataset().find(Node.ANY, Node.ANY, Node.ANY, Node.ANY)));
        long union = count(() -> server.store().dataset().getUnionGraph().find().toList().stream().distinct().count());
        assertThat(dumps.isObject()).as(dumps.toString()).isTrue();
        assertThat(dumps.path("application/n-quads").asLong()).as(dumps.toString()).isEqualTo(quads);
        assertThat(dumps.path("application/trig").asLong()).as(dumps.toString()).isEqualTo(quads);
        assertThat(dumps.path("application/n-triples").asLong()).as(dumps.toString()).isEqualTo(union);
        assertThat(dumps.path("text/turtle").asLong()).as(dumps.toString()).isEqualTo(union);
    }

    private static long count(java.util.function.LongSupplier count) {
        return Txn.calculateRead(server.store().dataset(), count::getAsLong);
    }

    private static JsonNode result;

    /** Runs the script once; both tests read its output. */
    private static synchronized JsonNode run() throws IOException, InterruptedException {
        if (result != null) return result;
        assertThat(PYTHON).as("Debian's python3 (scripts/install-browser.sh installs python3-sparqlwrapper and python3-rdflib)").exists();
        Path out = Files.createTempFile("sparql-clients", ".json");
        Process p = new ProcessBuilder(PYTHON.toString(), TestServer.PROJECT.resolve("scripts/sparql-clients.py").toString(), server.url(""))
                .redirectOutput(out.toFile()).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        assertThat(p.waitFor(240, TimeUnit.SECONDS)).as("the script ends").isTrue();
        String text = Files.readString(out, StandardCharsets.UTF_8);
        assertThat(p.exitValue()).as(text).isZero();
        result = JSON.readTree(text);
        return result;
    }
}
