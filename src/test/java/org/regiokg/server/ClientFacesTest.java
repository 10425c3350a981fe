package org.regiokg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.rdf.model.ModelFactory;
import org.apache.jena.rdf.model.Resource;
import org.apache.jena.rdf.model.Statement;
import org.apache.jena.vocabulary.DCTerms;
import org.apache.jena.vocabulary.RDF;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * What clients other than our own pages need (issue 16): SPARQLWrapper's format parameters, the
 * service description, dumps per format in VoID, a favicon, and OpenRefine's preview and data
 * extension with links to this server.
 */
@Tag("integration")
class ClientFacesTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String TRILUX = "https://w3id.org/regiokg/id/organisation/trilux";
    static final String SD = "http://www.w3.org/ns/sparql-service-description#";
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
    void formatNamesAsSparqlWrapperSendsThem() {
        String construct = TestServer.encode("CONSTRUCT WHERE { <" + TRILUX + "> ?p ?o }");
        for (String name : new String[] {"rdf%2Bxml", "rdf", "n3", "turtle", "json-ld", "xml"}) {
            String params = "&format=" + name + "&output=" + name + "&results=" + name;
            HttpResponse<String> r = server.get("/kg/sparql?query=" + construct + params, "*/*");
            assertThat(r.statusCode()).as(name + ": " + r.body()).isEqualTo(200);
            Model m = ModelFactory.createDefaultModel();
            String type = r.headers().firstValue("Content-Type").orElse("").split(";")[0];
            m.read(new StringReader(r.body()), null, org.apache.jena.riot.RDFLanguages.contentTypeToLang(type).getName());
            assertThat(m.listStatements(m.createResource(TRILUX), null, (org.apache.jena.rdf.model.RDFNode) null).toList())
                    .as(name).hasSizeGreaterThan(5);
        }
        HttpResponse<String> rdfxml = server.get("/kg/sparql?query=" + construct + "&format=rdf%2Bxml&format=application%2Frdf%2Bxml", "*/*");
        assertThat(rdfxml.headers().firstValue("Content-Type").orElse("")).startsWith("application/rdf+xml");
        HttpResponse<String> tsv = server.get("/kg/sparql?query=" + TestServer.encode("SELECT ?p { <" + TRILUX + "> ?p ?o }")
                + "&format=tsv&output=tsv&results=tsv&format=text%2Ftab-separated-values", "*/*");
        assertThat(tsv.statusCode()).isEqualTo(200);
        assertThat(tsv.body().lines().findFirst()).hasValue("?p");
    }

    @Test
    void endpointWithoutQueryDescribesTheService() {
        for (String path : new String[] {"/kg/sparql", "/kg/query"}) {
            HttpResponse<String> r = server.get(path, "text/turtle");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("text/turtle");
            assertThat(r.headers().firstValue("Access-Control-Allow-Origin")).hasValue("*");
            Model m = ModelFactory.createDefaultModel().read(new StringReader(r.body()), server.url(path), "TTL");
            Resource service = m.createResource(server.url(path));
            assertThat(service.hasProperty(RDF.type, m.createResource(SD + "Service"))).isTrue();
            assertThat(service.hasProperty(m.createProperty(SD, "endpoint"), service)).isTrue();
            assertThat(service.hasProperty(m.createProperty(SD, "supportedLanguage"), m.createResource(SD + "SPARQL11Query"))).isTrue();
            assertThat(service.hasProperty(m.createProperty(SD, "resultFormat"), m.createResource("http://www.w3.org/ns/formats/SPARQL_Results_JSON"))).isTrue();
        }
        HttpResponse<String> rdfxml = server.get("/kg/sparql", "application/rdf+xml");
        assertThat(rdfxml.headers().firstValue("Content-Type").orElse("")).startsWith("application/rdf+xml");
        HttpResponse<String> browser = server.get("/kg/sparql", "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        assertThat(browser.statusCode()).isEqualTo(303);
        assertThat(browser.headers().firstValue("Location").orElse("")).startsWith("/ui/");
        // A query still answers as before.
        assertThat(server.sparqlGet("ASK {}", "application/sparql-results+json").body()).contains("true");
    }

    @Test
    void faviconIsServed() {
        HttpResponse<String> ico = server.get("/favicon.ico");
        assertThat(ico.statusCode()).isEqualTo(200);
        assertThat(ico.headers().firstValue("Content-Type").orElse("")).contains("icon");
        HttpResponse<String> svg = server.get("/favicon.svg");
        assertThat(svg.statusCode()).isEqualTo(200);
        assertThat(svg.body()).contains("<svg");
        assertThat(server.get("/").body()).contains("href=\"/favicon.svg\"");
    }

    @Test
    void voidOffersADumpPerFormatAndSaysWhichIsWhich() {
        Model v = ModelFactory.createDefaultModel().read(new StringReader(server.get("/api/void", "text/turtle").body()), null, "TTL");
        Resource dataset = v.createResource("https://w3id.org/regiokg/id/dataset/regiokg");
        List<String> formats = new ArrayList<>();
        for (Statement s : dataset.listProperties(v.createProperty("http://rdfs.org/ns/void#", "dataDump")).toList()) {
            Resource dump = s.getResource();
            String media = dump.getProperty(DCTerms.format).getString();
            formats.add(media);
            assertThat(dump.getProperty(v.createProperty("http://rdfs.org/ns/void#", "feature")).getResource().getURI())
                    .startsWith("http://www.w3.org/ns/formats/");
            HttpResponse<String> r = server.get(dump.getURI().substring(server.url("").length()), "*/*");
            assertThat(r.statusCode()).isEqualTo(200);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(dump.getURI()).startsWith(media);
        }
        assertThat(formats).containsExactlyInAnyOrder("application/n-quads", "application/trig", "application/n-triples", "text/turtle");
        Model union = ModelFactory.createDefaultModel().read(new StringReader(server.get("/api/dump?format=nt", "*/*").body()), null, "NT");
        assertThat(union.contains(union.createResource(TRILUX), RDF.type)).isTrue();
    }

    @Test
    void reconciliationManifestHasPreviewExtensionAndThisServer() throws Exception {
        JsonNode m = JSON.readTree(server.get("/api/reconcile").body());
        assertThat(m.path("view").path("url").asText()).isEqualTo(server.url("/id/{{id}}"));
        assertThat(m.path("preview").path("url").asText()).isEqualTo(server.url("/api/reconcile/preview?id={{id}}"));
        assertThat(m.path("preview").path("width").asInt()).isPositive();
        assertThat(m.path("extend").path("propose_properties").path("service_path").asText()).isEqualTo("/api/reconcile/properties");

        JsonNode props = JSON.readTree(server.get("/api/reconcile/properties?type=" + TestServer.encode("http://www.w3.org/ns/org#Organization")).body());
        List<String> ids = new ArrayList<>();
        props.path("properties").forEach(p -> ids.add(p.path("id").asText()));
        assertThat(ids).contains("town", "district", "competence", "wikidata", "worldMarketLeader");

        String extend = "{\"ids\": [\"organisation/trilux\", \"organisation/no-such-thing\"], "
                + "\"properties\": [{\"id\": \"town\"}, {\"id\": \"district\"}, {\"id\": \"competence\"}, {\"id\": \"worldMarketLeader\"}]}";
        HttpResponse<String> r = server.postForm("/api/reconcile", "extend=" + TestServer.encode(extend), "*/*", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode rows = JSON.readTree(r.body()).path("rows");
        JsonNode trilux = rows.path("organisation/trilux");
        assertThat(trilux.path("town").get(0).path("id").asText()).isEqualTo("place/arnsberg");
        assertThat(trilux.path("district").get(0).path("name").asText()).isEqualTo("Hochsauerlandkreis");
        assertThat(trilux.path("competence").toString()).contains("competence/lighting");
        assertThat(trilux.path("worldMarketLeader").get(0).has("bool")).isTrue();
        assertThat(rows.path("organisation/no-such-thing").path("town")).isEmpty();
        assertThat(JSON.readTree(r.body()).path("meta").get(0).path("id").asText()).isEqualTo("town");

        HttpResponse<String> unknown = server.postForm("/api/reconcile", "extend=" + TestServer.encode(
                "{\"ids\": [\"organisation/trilux\"], \"properties\": [{\"id\": \"shoeSize\"}]}"), "*/*", null);
        assertThat(unknown.statusCode()).isEqualTo(400);
        assertThat(unknown.body()).contains("shoeSize");

        HttpResponse<String> preview = server.get("/api/reconcile/preview?id=organisation/trilux", "text/html");
        assertThat(preview.statusCode()).isEqualTo(200);
        assertThat(preview.body()).contains("Trilux").contains("Arnsberg").contains(server.url("/id/organisation/trilux"));
        assertThat(server.get("/api/reconcile/preview?id=organisation/no-such-thing").statusCode()).isEqualTo(404);
        assertThat(server.get("/api/reconcile/preview?id=" + TestServer.encode("<script>")).statusCode()).isEqualTo(400);
    }

    @Test
    void aBlankCellDoesNotFailTheBatch() throws Exception {
        String queries = "{\"q0\": {\"query\": \"Trilux\"}, \"q1\": {\"query\": \"   \"}, \"q2\": {\"query\": \"\", \"type\": \"http://www.w3.org/ns/org#Organization\"}, \"q3\": \"\"}";
        HttpResponse<String> r = server.postForm("/api/reconcile", "queries=" + TestServer.encode(queries), "*/*", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body());
        assertThat(answer.path("q0").path("result").get(0).path("id").asText()).isEqualTo("organisation/trilux");
        for (String key : new String[] {"q1", "q2", "q3"}) {
            assertThat(answer.path(key).path("result").isArray()).as(key).isTrue();
            assertThat(answer.path(key).path("result")).as(key).isEmpty();
        }
        List<String> keys = new ArrayList<>();
        answer.fieldNames().forEachRemaining(keys::add);
        assertThat(keys).containsExactly("q0", "q1", "q2", "q3");
    }

    @Test
    void aQueryWithATownButNoNameFindsWhatIsThere() throws Exception {
        String queries = "{\"q0\": {\"type\": \"http://www.w3.org/ns/org#Organization\", \"properties\": [{\"pid\": \"town\", \"v\": \"Arnsberg\"}]},"
                + " \"q1\": {\"query\": \"\", \"properties\": [{\"pid\": \"town\", \"v\": {\"id\": \"place/arnsberg\", \"name\": \"Arnsberg\"}}]},"
                + " \"q2\": {\"query\": \"Trilux\"}}";
        HttpResponse<String> r = server.postForm("/api/reconcile", "queries=" + TestServer.encode(queries), "*/*", null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode answer = JSON.readTree(r.body());
        for (String key : new String[] {"q0", "q1"}) {
            List<String> ids = new ArrayList<>();
            answer.path(key).path("result").forEach(c -> {
                ids.add(c.path("id").asText());
                assertThat(c.path("match").asBoolean()).isFalse();
            });
            assertThat(ids).as(key).contains("organisation/trilux");
        }
        assertThat(answer.path("q2").path("result").get(0).path("id").asText()).isEqualTo("organisation/trilux");
    }

    @Test
    void aPublicUrlIsWhereLinksPoint() throws Exception {
        try (Store store = TestServer.curatedStore(false);
             TestServer behindProxy = TestServer.over(store, RegioServer.builder(store).publicUrl("https://regiokg.example.org/"))) {
            JsonNode m = JSON.readTree(behindProxy.get("/api/reconcile").body());
            assertThat(m.path("view").path("url").asText()).isEqualTo("https://regiokg.example.org/id/{{id}}");
            assertThat(m.path("preview").path("url").asText()).startsWith("https://regiokg.example.org/api/reconcile/preview");
        }
    }
}
