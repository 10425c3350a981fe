package org.regiokg.link;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.cli.LinkReportCommand;
import org.regiokg.testing.TestServer;

import picocli.CommandLine;

/** The linking report, GET /api/links/report and the report command, counted against the data. */
@Tag("integration")
class LinkReportTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PREFIXES = """
            PREFIX rdfs: <http://www.w3.org/2000/01/rdf-schema#>
            PREFIX owl: <http://www.w3.org/2002/07/owl#>
            PREFIX org: <http://www.w3.org/ns/org#>
            PREFIX foaf: <http://xmlns.com/foaf/0.1/>
            PREFIX schema: <https://schema.org/>
            PREFIX rkg: <https://w3id.org/regiokg/def#>
            """;
    static TestServer server;
    static JsonNode report;

    @BeforeAll
    static void start() throws Exception {
        server = TestServer.withCuratedGraph();
        HttpResponse<String> r = server.get("/api/links/report");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/json");
        report = JSON.readTree(r.body());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static JsonNode kind(JsonNode report, String kind) {
        for (JsonNode k : report.path("kinds")) if (k.path("kind").asText().equals(kind)) return k;
        throw new AssertionError("no kind " + kind + " in " + report);
    }

    /** A COUNT over the SPARQL endpoint, independent of the report's query. */
    static long count(String where) throws Exception {
        HttpResponse<String> r = server.sparqlGet(PREFIXES + "SELECT (COUNT(DISTINCT ?x) AS ?n) { " + where + " }",
                "application/sparql-results+json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).path("results").path("bindings").get(0).path("n").path("value").asLong();
    }

    @Test
    void kindsInOrder() {
        List<String> kinds = new ArrayList<>();
        report.path("kinds").forEach(k -> kinds.add(k.path("kind").asText()));
        assertThat(kinds).containsExactly("organisations", "places", "persons");
    }

    @Test
    void placesCountedAgainstTheData() throws Exception {
        JsonNode places = kind(report, "places");
        String place = "?x a ?c . ?c rdfs:subClassOf* rkg:Place . ";
        assertThat(places.path("total").asLong()).isEqualTo(count(place)).isGreaterThan(20);
        assertThat(places.path("identifiers").path("wikidata").asLong())
                .isEqualTo(count(place + "?x owl:sameAs ?w FILTER(STRSTARTS(STR(?w), 'http://www.wikidata.org/entity/'))"))
                .isGreaterThanOrEqualTo(19);
        assertThat(places.path("identifiers").path("geonames").asLong())
                .isEqualTo(count(place + "?x owl:sameAs ?w FILTER(STRSTARTS(STR(?w), 'https://sws.geonames.org/'))"));
        assertThat(places.path("identifiers").path("nuts").asLong()).isEqualTo(count(place + "?x rkg:nutsCode ?code"));
        assertThat(places.path("identifiers").path("officialKey").asLong()).isEqualTo(count(place + "?x rkg:officialKey ?k"));
        assertThat(places.path("linked").asLong() + places.path("unlinked").asLong()).isEqualTo(places.path("total").asLong());
        assertThat(places.path("withoutIdentifiers").size()).isEqualTo(places.path("unlinked").asInt());
        List<String> unlinked = iris(places);
        // Linked in data/links/places.trig: not listed. Towns added with organisations.trig have no identifiers: listed.
        assertThat(unlinked).doesNotContain("https://w3id.org/regiokg/id/place/dortmund", "https://w3id.org/regiokg/id/place/olpe",
                "https://w3id.org/regiokg/id/place/neheim");
        assertThat(unlinked).contains("https://w3id.org/regiokg/id/place/menden", "https://w3id.org/regiokg/id/place/siegen");
    }

    @Test
    void organisationsHaveWebsitesNotSameAs() throws Exception {
        JsonNode orgs = kind(report, "organisations");
        String org = "?x a ?c . ?c rdfs:subClassOf* org:Organization . ";
        assertThat(orgs.path("total").asLong()).isEqualTo(count(org));
        assertThat(orgs.path("identifiers").path("website").asLong()).isEqualTo(count(org + "?x schema:url ?u")).isPositive();
        assertThat(orgs.path("identifiers").path("wikidata").asLong()).isEqualTo(count(org
                + "?x owl:sameAs ?w FILTER(STRSTARTS(STR(?w), 'http://www.wikidata.org/entity/'))"));
        assertThat(orgs.path("unlinked").asLong()).isEqualTo(count(org + "FILTER NOT EXISTS { ?x schema:url|owl:sameAs|rkg:nutsCode|rkg:officialKey ?any }"));
        assertThat(iris(orgs)).doesNotContain("https://w3id.org/regiokg/id/organisation/trilux");
    }

    @Test
    void personsHaveNoIdentifiersYet() throws Exception {
        JsonNode persons = kind(report, "persons");
        assertThat(persons.path("total").asLong()).isEqualTo(count("?x a foaf:Person")).isPositive();
        assertThat(persons.path("unlinked").asLong()).isEqualTo(persons.path("total").asLong());
        assertThat(iris(persons)).contains("https://w3id.org/regiokg/id/person/thomas-westphal");
        for (JsonNode t : persons.path("withoutIdentifiers")) assertThat(t.path("label").asText()).isNotBlank();
    }

    @Test
    void commandPrintsTheSameReport() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        PrintStream saved = System.out;
        int exit;
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new LinkReportCommand()).execute("--memory", "--base-dir", TestServer.PROJECT.toString(), "--format", "json");
        } finally {
            System.setOut(saved);
        }
        assertThat(exit).isZero();
        JsonNode cli = JSON.readTree(buffer.toString(StandardCharsets.UTF_8));
        // The command's store also holds the default import (world market leaders): more organisations, the same places' links.
        assertThat(kind(cli, "organisations").path("total").asLong()).isGreaterThan(kind(report, "organisations").path("total").asLong());
        assertThat(kind(cli, "places").path("identifiers")).isEqualTo(kind(report, "places").path("identifiers"));
        assertThat(kind(cli, "persons")).isEqualTo(kind(report, "persons"));

        buffer.reset();
        try {
            System.setOut(new PrintStream(buffer, true, StandardCharsets.UTF_8));
            exit = new CommandLine(new LinkReportCommand()).execute("--memory", "--base-dir", TestServer.PROJECT.toString());
        } finally {
            System.setOut(saved);
        }
        String text = buffer.toString(StandardCharsets.UTF_8);
        assertThat(exit).isZero();
        assertThat(text).contains("wikidata").contains("places").contains("persons without any external identifier");
    }

    static List<String> iris(JsonNode kind) {
        List<String> iris = new ArrayList<>();
        kind.path("withoutIdentifiers").forEach(t -> iris.add(t.path("iri").asText()));
        return iris;
    }
}
