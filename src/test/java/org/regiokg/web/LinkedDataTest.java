package org.regiokg.web;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.http.HttpResponse;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFParser;
import org.apache.jena.vocabulary.RDF;
import org.apache.jena.vocabulary.RDFS;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.testing.TestServer;

/** The server answers for its own IRIs: /id/... and /def, by content negotiation, over real HTTP. */
@Tag("integration")
class LinkedDataTest {
    static final String TRILUX = "https://w3id.org/regiokg/id/organisation/trilux";
    static final String RKG = "https://w3id.org/regiokg/def#";
    static WebServer web;
    static TestServer server;

    @BeforeAll
    static void start() {
        web = WebServer.start();
        server = web.server;
    }

    @AfterAll
    static void stop() {
        web.close();
    }

    static Graph parse(String body, Lang lang) {
        return RDFParser.create().source(new StringReader(body)).lang(lang).toGraph();
    }

    static void assertTriluxGraph(Graph g) {
        Node trilux = NodeFactory.createURI(TRILUX);
        assertThat(g.contains(trilux, RDF.type.asNode(), NodeFactory.createURI(RKG + "Company"))).as("a rkg:Company").isTrue();
        assertThat(g.find(trilux, RDFS.label.asNode(), Node.ANY).toList()).as("labels").isNotEmpty();
        // and the things that point at it
        assertThat(g.find(Node.ANY, Node.ANY, trilux).toList()).as("incoming statements").isNotEmpty();
    }

    @Test
    void turtle() {
        HttpResponse<String> r = server.get("/id/organisation/trilux", "text/turtle");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/turtle"));
        assertThat(r.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).contains("Accept"));
        assertTriluxGraph(parse(r.body(), Lang.TURTLE));
    }

    @Test
    void jsonLd() throws Exception {
        HttpResponse<String> r = server.get("/id/organisation/trilux", "application/ld+json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/ld+json"));
        JsonNode json = new ObjectMapper().readTree(r.body());
        assertThat(json.isObject() || json.isArray()).isTrue();
        assertTriluxGraph(parse(r.body(), Lang.JSONLD));
    }

    @Test
    void nTriples() {
        HttpResponse<String> r = server.get("/id/organisation/trilux", "application/n-triples");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/n-triples"));
        assertThat(r.body()).contains("<" + TRILUX + "> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <" + RKG + "Company> .");
        assertTriluxGraph(parse(r.body(), Lang.NTRIPLES));
    }

    @Test
    void rdfXml() {
        HttpResponse<String> r = server.get("/id/organisation/trilux", "application/rdf+xml");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/rdf+xml"));
        assertTriluxGraph(parse(r.body(), Lang.RDFXML));
    }

    @Test
    void formatParameterWinsOverAccept() {
        HttpResponse<String> r = server.get("/id/organisation/trilux?format=nt", "text/html");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("application/n-triples"));
    }

    @Test
    void htmlForABrowser() {
        HttpResponse<String> r = server.get("/id/organisation/trilux",
                "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(v -> assertThat(v).startsWith("text/html"));
        assertThat(r.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).contains("Accept"));
        String html = r.body();
        assertThat(html).contains("<h1 id=\"label\">Trilux</h1>");
        // kinds, readable property labels from the ontology (German by default), links to the things
        assertThat(html).contains("href=\"/def/Company\"");
        assertThat(html).contains("href=\"/id/site/trilux\"").contains("href=\"/def/hasCompetence\"");
        // sources: the articles' graph titles, linked to their graph
        assertThat(html).contains("id=\"sources\"").contains("/kg/get?graph=https%3A%2F%2Fw3id.org%2Fregiokg%2Fgraph%2Farticle%2F");
        assertThat(html).contains("Dortmund und Südwestfalen kooperieren bei Digitalisierung", "Beim Thema Digitalisierung kooperieren Dortmund und Südwestfalen nun eng");
    }

    @Test
    void htmlInEnglish() {
        HttpResponse<String> r = server.get("/id/organisation/trilux?lang=en", "text/html");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("<html lang=\"en\"").contains("Statements").contains("Sources");
    }

    @Test
    void externalIdentifiersAreLinks() {
        HttpResponse<String> r = server.get("/id/place/dortmund", "text/html");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("id=\"identifiers\"")
                .contains("href=\"http://www.wikidata.org/entity/Q1295\"")
                .contains("href=\"https://sws.geonames.org/2935517/\"")
                .contains("href=\"http://data.europa.eu/nuts/code/DEA52\"");
    }

    @Test
    void unknownThingIs404() {
        assertThat(server.get("/id/organisation/no-such-company", "text/turtle").statusCode()).isEqualTo(404);
        HttpResponse<String> html = server.get("/id/organisation/no-such-company", "text/html");
        assertThat(html.statusCode()).isEqualTo(404);
        assertThat(html.headers().allValues("Vary")).anySatisfy(v -> assertThat(v).contains("Accept"));
        assertThat(server.get("/id/organisation", "text/html").statusCode()).isEqualTo(404);
        assertThat(server.get("/id/organisation/..%2F..%2Fdef", "text/html").statusCode()).isIn(400, 404);
        assertThat(server.get("/def/NoSuchTerm", "text/turtle").statusCode()).isEqualTo(404);
    }

    @Test
    void notAcceptable() {
        assertThat(server.get("/id/organisation/trilux", "image/png").statusCode()).isEqualTo(406);
    }

    @Test
    void ontologyTerms() {
        // /def/Term and /def?term=Term are the term https://w3id.org/regiokg/def#Term
        HttpResponse<String> ttl = server.get("/def/Company", "text/turtle");
        assertThat(ttl.statusCode()).isEqualTo(200);
        Graph g = parse(ttl.body(), Lang.TURTLE);
        Node company = NodeFactory.createURI(RKG + "Company");
        assertThat(g.find(company, RDFS.label.asNode(), Node.ANY).toList()).isNotEmpty();
        assertThat(g.find(Node.ANY, RDF.type.asNode(), company).toList()).as("the companies are its instances").isNotEmpty();

        HttpResponse<String> byParam = server.get("/def?term=Company", "application/n-triples");
        assertThat(byParam.statusCode()).isEqualTo(200);
        assertThat(byParam.body()).contains("<" + RKG + "Company> <http://www.w3.org/2000/01/rdf-schema#label>");

        HttpResponse<String> byParamHtml = server.get("/def?term=Company", "text/html");
        assertThat(byParamHtml.statusCode()).isEqualTo(200);
        assertThat(byParamHtml.body()).as("links to the term's own data").contains("href=\"/def/Company?format=ttl\"");

        HttpResponse<String> html = server.get("/def/Company", "text/html");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("<h1 id=\"label\">Unternehmen</h1>").contains("href=\"/id/organisation/trilux\"");
    }

    @Test
    void theOntology() {
        // /def (and so /def#Company, the fragment staying in the browser) is the ontology, its terms listed with anchors
        HttpResponse<String> html = server.get("/def", "text/html");
        assertThat(html.statusCode()).isEqualTo(200);
        assertThat(html.body()).contains("RegioKG-Ontologie").contains("id=\"Company\"").contains("href=\"/def/Company\"");
        HttpResponse<String> ttl = server.get("/def", "text/turtle");
        assertThat(ttl.statusCode()).isEqualTo(200);
        assertThat(parse(ttl.body(), Lang.TURTLE).contains(NodeFactory.createURI("https://w3id.org/regiokg/def"), RDF.type.asNode(),
                NodeFactory.createURI("http://www.w3.org/2002/07/owl#Ontology"))).isTrue();
    }

    @Test
    void theNetworkQuestionGivesEachEdgeOnce() throws Exception {
        HttpResponse<String> r = server.get("/api/questions/cooperation-network", "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode rows = new ObjectMapper().readTree(r.body());
        java.util.Set<String> edges = new java.util.HashSet<>();
        int partner = 0;
        for (JsonNode row : rows) {
            assertThat(edges.add(row.get("source").asText() + " " + row.get("target").asText() + " " + row.get("relation").asText()))
                    .as("edge given once: " + row).isTrue();
            if (row.get("relation").asText().equals("partner")) {
                assertThat(row.has("via")).as("a declared partnership has no agreement behind it").isFalse();
                partner++;
            }
        }
        assertThat(partner).isPositive();
        assertThat(edges).anySatisfy(e -> assertThat(e).isEqualTo("https://w3id.org/regiokg/id/organisation/suedwestfalen-agentur "
                + "https://w3id.org/regiokg/id/organisation/wirtschaftsfoerderung-dortmund partner"));
    }

    @Test
    void theDataComesFromAStoredQuestion() {
        HttpResponse<String> r = server.get("/api/questions/describe-thing?thing=" + TestServer.encode(TRILUX), "application/json");
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).contains("graphTitle");
    }
}
