package org.regiokg.questions;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.server.RegioServer;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * {@code order=index} (README "Paging at size"): the same rows as the question's own order, as pages
 * that follow each other without gaps or repeats, and the Link header's next page keeps it.
 */
@Tag("integration")
class IndexOrderTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static Store store;
    static TestServer server;

    @BeforeAll
    static void start() {
        store = TestServer.curatedStore(true);
        server = TestServer.over(store, RegioServer.builder(store).queries(TestServer.PROJECT.resolve("queries")));
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    static List<String> rows(String path) throws Exception {
        HttpResponse<String> r = server.get(path, "application/json");
        assertThat(r.statusCode()).as(path + ": " + r.body()).isEqualTo(200);
        List<String> rows = new ArrayList<>();
        for (JsonNode row : JSON.readTree(r.body())) rows.add(row.toString());
        return rows;
    }

    @Test
    void indexOrderPagesGiveTheSortedRowsEachOnce() throws Exception {
        String q = "/api/questions/organisations-in-region?region=" + TestServer.encode("https://w3id.org/regiokg/id/place/suedwestfalen");
        List<String> sorted = rows(q + "&limit=10000");
        assertThat(sorted).hasSizeGreaterThan(10);
        List<String> paged = new ArrayList<>();
        for (int offset = 0; offset < sorted.size() + 7; offset += 7) paged.addAll(rows(q + "&order=index&limit=7&offset=" + offset));
        assertThat(paged).hasSameSizeAs(sorted).containsExactlyInAnyOrderElementsOf(sorted);
        assertThat(new HashSet<>(paged)).hasSameSizeAs(paged);
    }

    /** A question paged inside (#+ paging: inner, the agency question): pages of the sorted answer, in order, and by the index. */
    @Test
    void pagesCutInsideFollowEachOtherInTheQuestionsOrder() throws Exception {
        String q = "/api/questions/world-market-leaders-without-digital-partner?region=" + TestServer.encode("https://w3id.org/regiokg/id/place/suedwestfalen");
        List<String> sorted = rows(q + "&limit=10000");
        assertThat(sorted).hasSizeGreaterThan(20);
        List<String> paged = new ArrayList<>(), indexed = new ArrayList<>();
        for (int offset = 0; offset < sorted.size() + 5; offset += 5) {
            paged.addAll(rows(q + "&limit=5&offset=" + offset));
            indexed.addAll(rows(q + "&order=index&limit=5&offset=" + offset));
        }
        assertThat(paged).containsExactlyElementsOf(sorted);
        assertThat(indexed).hasSameSizeAs(sorted).containsExactlyInAnyOrderElementsOf(sorted);
        HttpResponse<String> first = server.get(q + "&limit=5", "application/json");
        assertThat(first.headers().allValues("Link").toString()).contains("offset=5");
    }

    /**
     * A question paged inside without any ORDER BY (cooperation-network: the page's edges found first,
     * then counted and named in a grouping query): pages of every size follow each other without gaps
     * or repeats, and only the last says there is no next page.
     */
    @Test
    void pagesFoundFirstFollowEachOther() throws Exception {
        String q = "/api/questions/cooperation-network";
        List<String> all = rows(q + "?limit=10000");
        assertThat(all).hasSize(12);
        for (int size : new int[] {1, 2, 5, 11, 12}) {
            List<String> paged = new ArrayList<>();
            for (int offset = 0; offset < all.size(); offset += size) {
                HttpResponse<String> r = server.get(q + "?limit=" + size + "&offset=" + offset, "application/json");
                assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
                JsonNode page = JSON.readTree(r.body());
                assertThat(page.size()).as("page at " + offset + " of " + size).isEqualTo(Math.min(size, all.size() - offset));
                page.forEach(row -> paged.add(row.toString()));
                boolean last = offset + size >= all.size();
                assertThat(r.headers().allValues("Link").toString().contains("rel=\"next\""))
                        .as("a next page after offset " + offset + " of " + size).isEqualTo(!last);
            }
            assertThat(paged).as("pages of " + size).containsExactlyInAnyOrderElementsOf(all);
        }
    }

    /**
     * Questions cut among their leading keys (#+ paging: leading): an agreement has several parties, a
     * person several roles, so a page may start or end inside one; pages of 3 still give the sorted
     * answer in order, each row once, and by the index the same rows.
     */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"agreements?", "roles-at-date?asOf=2018-06-25&"})
    void pagesCutAmongLeadingKeysFollowEachOtherInTheQuestionsOrder(String asked) throws Exception {
        String q = "/api/questions/" + asked;
        assertThat(QuestionParser.parse(TestServer.PROJECT.resolve("queries/" + asked.substring(0, asked.indexOf('?')) + ".rq")).paging())
                .isEqualTo(Question.Paging.LEADING);
        List<String> sorted = rows(q + "limit=10000");
        assertThat(sorted).hasSizeGreaterThan(6);
        List<String> paged = new ArrayList<>(), indexed = new ArrayList<>();
        for (int offset = 0; offset < sorted.size() + 3; offset += 3) {
            paged.addAll(rows(q + "limit=3&offset=" + offset));
            indexed.addAll(rows(q + "order=index&limit=3&offset=" + offset));
        }
        assertThat(paged).containsExactlyElementsOf(sorted);
        assertThat(indexed).hasSameSizeAs(sorted).containsExactlyInAnyOrderElementsOf(sorted);
    }

    @Test
    void nextPageKeepsTheOrder() {
        HttpResponse<String> r = server.get("/api/questions/roles-at-date?asOf=2018-06-25&order=index&limit=2", "application/json");
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        assertThat(r.headers().allValues("Link").toString()).contains("order=index").contains("offset=2");
    }

    @Test
    void unknownOrderIsAProblemNamingIt() {
        HttpResponse<String> r = server.get("/api/questions/regions?order=name", "application/json");
        assertThat(r.statusCode()).isEqualTo(400);
        assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
        assertThat(r.body()).contains("order").contains("index");
    }

    @Test
    void openApiOffersOrderForSortedQuestionsOnly() throws Exception {
        JsonNode doc = JSON.readTree(server.get("/api/openapi.json", "application/json").body());
        Set<String> withOrder = new HashSet<>();
        doc.path("paths").fields().forEachRemaining(p -> p.getValue().path("get").path("parameters")
                .forEach(param -> { if (param.path("name").asText().equals("order")) withOrder.add(p.getKey()); }));
        assertThat(withOrder).anyMatch(p -> p.endsWith("/roles-at-date")).noneMatch(p -> p.endsWith("/map-features"));
    }
}
