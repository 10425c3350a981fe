package org.regiokg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLDecoder;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.testing.TestServer;

/**
 * A Linked Data page of a thing that many statements point at shows the first
 * {@link LinkedData#INCOMING} of them and links to the rest, a paged SPARQL query that answers.
 */
@Tag("integration")
class IncomingBoundTest {
    static final String PLACE = "https://w3id.org/regiokg/id/place/olpe";
    static final int EXTRA = LinkedData.INCOMING + 50;
    static TestServer server;

    @BeforeAll
    static void start() {
        server = TestServer.withCuratedGraph();
        StringBuilder update = new StringBuilder("INSERT DATA { GRAPH <https://w3id.org/regiokg/graph/test/sites> {\n");
        for (int i = 0; i < EXTRA; i++)
            update.append("<https://w3id.org/regiokg/id/site/test-").append(i).append("> <http://www.opengis.net/ont/geosparql#sfWithin> <")
                  .append(PLACE).append("> .\n");
        HttpResponse<String> r = server.update(update.append("} }").toString(), TestServer.ADMIN_PASSWORD);
        assertThat(r.statusCode()).as(r.body()).isBetween(200, 299);
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @Test
    void turtleHasTheFirstIncomingStatementsAndAllOwn() {
        HttpResponse<String> r = server.get("/id/place/olpe", "text/turtle");
        assertThat(r.statusCode()).isEqualTo(200);
        Graph g = RDFParser.create().fromString(r.body()).lang(Lang.TURTLE).toGraph();
        Node olpe = NodeFactory.createURI(PLACE);
        assertThat(g.find(Node.ANY, Node.ANY, olpe).toList()).hasSize(LinkedData.INCOMING);
        assertThat(g.find(olpe, Node.ANY, Node.ANY).toList()).isNotEmpty();
    }

    @Test
    void htmlLinksToTheRestAndTheLinkAnswers() {
        HttpResponse<String> r = server.get("/id/place/olpe", "text/html");
        assertThat(r.statusCode()).isEqualTo(200);
        Matcher m = Pattern.compile("id=\"more-incoming\"><a href=\"([^\"]+)\"").matcher(r.body());
        assertThat(m.find()).as("a link to the rest").isTrue();
        String href = m.group(1).replace("&amp;", "&");
        assertThat(href).startsWith("/kg/sparql?query=");
        String query = URLDecoder.decode(href.substring("/kg/sparql?query=".length()), StandardCharsets.UTF_8);
        HttpResponse<String> rest = server.sparqlGet(query, "text/csv");
        assertThat(rest.statusCode()).as(rest.body()).isEqualTo(200);
        // Header plus what the page left out: every statement pointing at Olpe beyond the first INCOMING.
        long total = server.sparqlGet("SELECT (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p <" + PLACE + "> } }", "text/csv").body().lines()
                .skip(1).mapToLong(Long::parseLong).sum();
        assertThat(rest.body().lines().count() - 1).isEqualTo(Math.min(total - LinkedData.INCOMING, LinkedData.INCOMING));
        assertThat(total).isGreaterThan(EXTRA);
    }

    @Test
    void pageOfAThingWithFewIncomingHasNoMoreLink() {
        HttpResponse<String> r = server.get("/id/organisation/trilux", "text/html");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"incoming\"").doesNotContain("more-incoming");
    }
}
