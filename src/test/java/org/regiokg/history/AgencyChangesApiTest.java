package org.regiokg.history;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.regiokg.server.RegioServer;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * {@code GET /api/agency/changes} over a real server: a partnership written by the admin gives a world
 * market leader its first digital partner, an imported competence list makes a new candidate, removing
 * the partnership again shows the leader as having lost it; a date or version after the last change
 * gives empty lists that say how many change sets there were; bad arguments are 400 problems.
 */
@Tag("integration")
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class AgencyChangesApiTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String PW = TestServer.ADMIN_PASSWORD;
    static final String ID = "https://w3id.org/regiokg/id/";
    static final String SWF = ID + "place/suedwestfalen";
    static final String TIE = "GRAPH <https://w3id.org/regiokg/graph/notes/agency-test> { <" + ID + "organisation/viega> "
            + "<https://w3id.org/regiokg/def#partnerOf> <" + ID + "organisation/open-xchange> }";
    static Store store;
    static TestServer server;
    static long built;

    @BeforeAll
    static void start() {
        store = TestServer.curatedStore(true);
        server = TestServer.over(store, RegioServer.builder(store).adminPassword(PW).importer(TestServer.importer(store)));
        built = store.changes().version();
    }

    @AfterAll
    static void stop() {
        if (server != null) server.close();
        if (store != null) store.close();
    }

    static JsonNode changes(String query) throws Exception {
        HttpResponse<String> r = server.get("/api/agency/changes" + query, "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().firstValue("RegioKG-Version")).contains(Long.toString(store.changes().version()));
        return JSON.readTree(r.body());
    }

    static List<String> column(JsonNode list, String who, String field) {
        List<String> out = new ArrayList<>();
        list.path("rows").forEach(r -> out.add(r.path(who).path(field).asText()));
        return out;
    }

    static HttpResponse<String> importCsv(String mapping, String file, String csv) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url("/api/imports?mapping=" + mapping + "&file=" + file)))
                .header("Content-Type", "text/csv")
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(("admin:" + PW).getBytes(StandardCharsets.UTF_8)))
                .POST(HttpRequest.BodyPublishers.ofString(csv)).build());
    }

    @Test
    @Order(1)
    void aLeaderGainsADigitalPartnerAndANewCandidateAppears() throws Exception {
        assertThat(server.update("INSERT DATA { " + TIE + " }", PW).statusCode()).isIn(200, 204);
        long tie = store.changes().version();
        HttpResponse<String> imported = importCsv("competences", "neue-digitale.csv",
                "name,town,district,competence,source_url\nNeue Digitalwerkstatt,Arnsberg,Hochsauerlandkreis,it-services,https://example.org/neu\n");
        assertThat(imported.statusCode()).as(imported.body()).isIn(200, 201);
        long candidate = store.changes().version();

        JsonNode r = changes("?after=" + built + "&region=" + TestServer.encode(SWF));
        assertThat(r.path("changeSetsSince").asLong()).isEqualTo(candidate - built);
        assertThat(r.path("changeSetsRead").asLong()).isEqualTo(2);
        JsonNode gained = r.path("gained");
        assertThat(gained.path("total").asLong()).isEqualTo(1);
        JsonNode row = gained.path("rows").get(0);
        assertThat(row.path("leader").path("iri").asText()).isEqualTo(ID + "organisation/viega");
        assertThat(row.path("leader").path("name").asText()).isEqualTo("Viega");
        assertThat(row.path("partner").path("name").asText()).isEqualTo("Open-Xchange");
        assertThat(row.path("change").asLong()).isEqualTo(tie);
        assertThat(row.path("who").asText()).isEqualTo("admin");
        assertThat(r.path("lost").path("rows")).isEmpty();
        JsonNode candidates = r.path("candidates");
        assertThat(column(candidates, "organisation", "name")).containsExactly("Neue Digitalwerkstatt");
        assertThat(candidates.path("rows").get(0).path("change").asLong()).isEqualTo(candidate);
        assertThat(candidates.path("rows").get(0).path("organisation").path("town").asText()).isEqualTo("Arnsberg");
        assertThat(candidates.path("rows").get(0).path("competencesGained").get(0).asText()).isEqualTo("it-services");

        // by date: the store was built today, so since today everything it holds counts as added today
        String today = LocalDate.now(ZoneId.of("Europe/Berlin")).toString();
        JsonNode byDate = changes("?since=" + today + "&region=" + TestServer.encode(SWF) + "&limit=200");
        assertThat(byDate.path("logStart").asText()).isNotEmpty();
        assertThat(column(byDate.path("gained"), "leader", "name")).contains("Viega");
        assertThat(column(byDate.path("candidates"), "organisation", "name")).contains("Neue Digitalwerkstatt");
        // elsewhere: Dortmund has no world market leader and the new one is seated in Südwestfalen
        JsonNode dortmund = changes("?after=" + built + "&region=" + TestServer.encode(ID + "place/dortmund"));
        assertThat(dortmund.path("gained").path("rows")).isEmpty();
        assertThat(dortmund.path("candidates").path("rows")).isEmpty();
    }

    @Test
    @Order(2)
    void aTieAddedAndRemovedInThePeriodIsNoChangeButRemovedLaterItIsLost() throws Exception {
        long before = store.changes().version();
        assertThat(server.update("DELETE DATA { " + TIE + " }", PW).statusCode()).isIn(200, 204);
        long removed = store.changes().version();
        JsonNode net = changes("?after=" + built + "&region=" + TestServer.encode(SWF));
        assertThat(column(net.path("gained"), "leader", "name")).doesNotContain("Viega");
        assertThat(column(net.path("lost"), "leader", "name")).doesNotContain("Viega");

        JsonNode lost = changes("?after=" + before + "&region=" + TestServer.encode(SWF));
        assertThat(lost.path("lost").path("total").asLong()).isEqualTo(1);
        JsonNode row = lost.path("lost").path("rows").get(0);
        assertThat(row.path("leader").path("name").asText()).isEqualTo("Viega");
        assertThat(row.path("leader").path("partnered").asBoolean()).as("no digital partner left").isFalse();
        assertThat(row.path("change").asLong()).isEqualTo(removed);
        assertThat(lost.path("candidates").path("rows")).isEmpty();
    }

    @Test
    @Order(3)
    void nothingSinceTheLastChangeSaysSo() throws Exception {
        JsonNode none = changes("?after=" + store.changes().version());
        assertThat(none.path("changeSetsSince").asLong()).isZero();
        assertThat(none.path("gained").path("rows")).isEmpty();
        assertThat(none.path("lost").path("rows")).isEmpty();
        assertThat(none.path("candidates").path("rows")).isEmpty();
        assertThat(none.path("lastChange").asText()).isNotEmpty();
        JsonNode tomorrow = changes("?since=" + LocalDate.now(ZoneId.of("Europe/Berlin")).plusDays(1));
        assertThat(tomorrow.path("changeSetsSince").asLong()).isZero();
        assertThat(tomorrow.path("history").asBoolean()).isTrue();
    }

    @Test
    @Order(4)
    void badArgumentsAreProblems() {
        for (String q : List.of("?since=yesterday", "?since=2026-13-01", "?after=x", "?after=-1", "?after=1&since=2026-01-01",
                "?limit=0", "?limit=201", "?region=not%20an%20iri")) {
            HttpResponse<String> r = server.get("/api/agency/changes" + q, "application/json");
            assertThat(r.statusCode()).as(q).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).as(q).startsWith("application/problem+json");
        }
        assertThat(server.get("/api/agency/changes?since=yesterday", "application/json").body()).contains("since", "yesterday");
    }
}
