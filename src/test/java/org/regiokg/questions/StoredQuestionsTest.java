package org.regiokg.questions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.StringJoiner;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.system.Txn;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.regiokg.ingest.CsvImporter;
import org.regiokg.ingest.CuratedContent;
import org.regiokg.ingest.ShapesGate;
import org.regiokg.server.RegioServer;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/**
 * The stored questions of {@code queries/} over the curated graph and the default import, asked over
 * HTTP of one real server: each test is a competency question with the exact rows the articles and
 * the world market leaders list give.
 */
class StoredQuestionsTest {
    static final ObjectMapper JSON = new ObjectMapper();
    static final String ID = "https://w3id.org/regiokg/id/";
    static final String ORG = ID + "organisation/";
    static final String PLACE = ID + "place/";
    static final String AGREEMENT = ID + "agreement/suedwestfalen-agentur-wirtschaftsfoerderung-dortmund-2018";
    static final Path QUERIES = TestServer.PROJECT.resolve("queries");

    /** The 24 world market leaders of the default import, all seated in Südwestfalen, by name. */
    static final List<String> WORLD_MARKET_LEADERS = List.of(
            "Achenbach Buschhütten", "Aquatherm", "BJB", "Berghoff", "Berleburger Schaumstoffwerk", "Borbet",
            "Busch-Jaeger Elektro", "ERCO", "Frohn", "Hella", "ITH", "Julius Klinke", "Kracht", "Lübke & Vogt",
            "Mennekes Elektrotechnik", "Mubea (Muhr und Bender KG)", "Open-Xchange", "Otto Fuchs KG",
            "PMD (pmdtechnologies)", "SSI Schäfer", "Tracto-Technik", "Utsch AG", "Viega", "Walter Stauffenberg (STAUFF)");

    static Store store;
    static TestServer server;

    @BeforeAll
    static void start() {
        store = TestServer.curatedStore(true);
        server = TestServer.over(store, RegioServer.builder(store).queries(QUERIES));
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    // ------------------------------------------------------------------ helpers

    /** GET /api/questions/NAME with the given name/value pairs; asserts 200 and returns the JSON array. */
    static JsonNode ask(String question, String... nameValues) throws Exception {
        StringJoiner query = new StringJoiner("&", "?", "").setEmptyValue("");
        for (int i = 0; i < nameValues.length; i += 2)
            query.add(nameValues[i] + "=" + TestServer.encode(nameValues[i + 1]));
        HttpResponse<String> r = server.get("/api/questions/" + question + query, "application/json");
        assertThat(r.statusCode()).as(question + ": " + r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    /** The values of one column, as text; a missing (unbound) value is null. */
    static List<String> column(JsonNode rows, String name) {
        List<String> values = new ArrayList<>();
        rows.forEach(row -> values.add(row.has(name) ? row.get(name).asText() : null));
        return values;
    }

    /** Several columns of each row joined by " | " (unbound as "-"), for exact-row comparisons. */
    static List<String> rows(JsonNode rows, String... names) {
        List<String> out = new ArrayList<>();
        for (JsonNode row : rows) {
            StringJoiner j = new StringJoiner(" | ");
            for (String n : names) j.add(row.has(n) ? row.get(n).asText() : "-");
            out.add(j.toString());
        }
        return out;
    }

    static JsonNode rowWhere(JsonNode rows, String column, String value) {
        for (JsonNode row : rows) if (value.equals(row.path(column).asText())) return row;
        throw new AssertionError("no row with " + column + " = " + value + " in " + rows);
    }

    // ------------------------------------------------------------------ the catalogue

    @Test
    void everyStoredQuestionIsListedAndRunsWithItsDefaults() throws Exception {
        List<String> files;
        try (Stream<Path> list = Files.list(QUERIES)) {
            files = list.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".rq"))
                        .map(n -> n.substring(0, n.length() - 3)).sorted().toList();
        }
        assertThat(files).hasSizeGreaterThanOrEqualTo(15);
        JsonNode catalogue = JSON.readTree(server.get("/api/questions", "application/json").body());
        Map<String, JsonNode> listed = new LinkedHashMap<>();
        catalogue.path("questions").forEach(q -> listed.put(q.path("name").asText(), q));
        assertThat(listed.keySet()).containsExactlyInAnyOrderElementsOf(files);
        for (JsonNode q : listed.values()) {
            assertThat(q.path("summary").asText()).as(q.path("name").asText()).isNotBlank();
            assertThat(q.path("description").asText()).as(q.path("name").asText()).isNotBlank();
            StringJoiner args = new StringJoiner("&", "?", "").setEmptyValue("");
            for (JsonNode p : q.path("parameters")) {
                if (p.path("required").asBoolean() && !p.has("default"))
                    args.add(p.path("name").asText() + "=" + TestServer.encode(example(p.path("type").asText())));
            }
            HttpResponse<String> r = server.get("/api/questions/" + q.path("name").asText() + args, "application/json");
            assertThat(r.statusCode()).as(q.path("name").asText() + ": " + r.body()).isEqualTo(200);
        }
    }

    static String example(String type) {
        return switch (type) {
            case "iri" -> PLACE + "suedwestfalen";
            case "xsd:date" -> "2018-06-25";
            case "xsd:integer" -> "2018";
            default -> "Arnsberg";
        };
    }

    // ------------------------------------------------------------------ world market leaders and partners

    @Test
    void worldMarketLeadersOfSuedwestfalenWithoutADigitalPartner() throws Exception {
        JsonNode rows = ask("world-market-leaders-without-digital-partner");
        // No world market leader is party, network member or declared partner of any organisation in
        // the curated graph, so all 24 of the list count as without a digital partner.
        assertThat(column(rows, "name")).containsExactlyElementsOf(WORLD_MARKET_LEADERS);
        assertThat(column(rows, "ties")).containsOnly("0");
        JsonNode ox = rowWhere(rows, "name", "Open-Xchange");
        assertThat(ox.path("org").asText()).isEqualTo(ORG + "open-xchange");
        assertThat(ox.path("ownDigitalCompetence").asBoolean()).isTrue();
        assertThat(ox.path("town").asText()).isEqualTo("Olpe");
        assertThat(ox.path("niche").asText()).isEqualTo("Webmail and groupware software for service providers");
        assertThat(ox.path("source").asText()).isEqualTo("https://www.wp.de/wirtschaft/olper-softwareschmiede-hat-internationales-vertrauen-id212724777.html");
        assertThat(ox.path("reason").asText()).contains("No tie to any organisation", "digital competence of its own");
        // Only Open-Xchange has a digital competence of its own.
        List<String> ownDigital = new ArrayList<>();
        rows.forEach(r -> { if (r.path("ownDigitalCompetence").asBoolean()) ownDigital.add(r.path("name").asText()); });
        assertThat(ownDigital).containsExactly("Open-Xchange");
        // Three entries of the list give no niche.
        List<String> withoutNiche = new ArrayList<>();
        rows.forEach(r -> { if (!r.has("niche")) withoutNiche.add(r.path("name").asText()); });
        assertThat(withoutNiche).containsExactly("Frohn", "SSI Schäfer", "Utsch AG");
        JsonNode viega = rowWhere(rows, "name", "Viega");
        assertThat(rows(viega.isArray() ? viega : JSON.createArrayNode().add(viega), "town", "confidence", "ownDigitalCompetence"))
                .containsExactly("Attendorn | high | false");
    }

    @Test
    void worldMarketLeadersWithoutDigitalPartnerInKreisOlpeAndNoneInDortmund() throws Exception {
        assertThat(column(ask("world-market-leaders-without-digital-partner", "region", PLACE + "kreis-olpe"), "name"))
                .containsExactly("Aquatherm", "Berghoff", "Mennekes Elektrotechnik", "Mubea (Muhr und Bender KG)",
                        "Open-Xchange", "Tracto-Technik", "Viega");
        assertThat(ask("world-market-leaders-without-digital-partner", "region", PLACE + "dortmund")).isEmpty();
    }

    @Test
    void aDeclaredPartnershipWithADigitalCompanyTakesAWorldMarketLeaderOffTheList() throws Exception {
        // A separate store with one more import: Viega and Open-Xchange declare a partnership.
        try (Store other = TestServer.curatedStore(true)) {
            CsvImporter importer = TestServer.importer(other);
            String csv = "name_a,town_a,district_a,kind_a,name_b,town_b,district_b,kind_b,since,topic,source_url\n"
                    + "Viega,Attendorn,Kreis Olpe,company,Open-Xchange,Olpe,Kreis Olpe,company,2023,software,https://example.org/test-partnership\n";
            importer.importCsv("test-partnership.csv", csv.getBytes(StandardCharsets.UTF_8), "partnerships", "test", CsvImporter.Progress.NONE);
            Question q = QuestionParser.parse(QUERIES.resolve("world-market-leaders-without-digital-partner.rq"));
            Map<String, String> ties = new LinkedHashMap<>();
            Txn.executeRead(other.dataset(), () -> {
                Answer a = new QuestionRunner(other.dataset()).run(q, Map.of());
                for (Binding b : a.rows())
                    ties.put(b.get(Var.alloc("name")).getLiteralLexicalForm(), b.get(Var.alloc("ties")).getLiteralLexicalForm());
            });
            List<String> expected = new ArrayList<>(WORLD_MARKET_LEADERS);
            expected.remove("Viega");
            assertThat(ties.keySet()).containsExactlyElementsOf(expected);
            // Open-Xchange's partner Viega has no digital competence, so Open-Xchange stays, with one tie.
            assertThat(ties.get("Open-Xchange")).isEqualTo("1");
            assertThat(ties.get("Aquatherm")).isEqualTo("0");
        }
    }

    @Test
    void digitalPartnerCandidatesForBjbWithTheirScoreParts() throws Exception {
        JsonNode rows = ask("digital-partner-candidates", "org", ORG + "bjb");
        // BJB is in Arnsberg; GONICUS (Kaiserhaus, Neheim) and Trilux are in Arnsberg too, Open-Xchange in
        // Olpe (42.2 km by the two towns' points), nexoma has no recorded seat.
        assertThat(rows(rows, "candidateName", "competenceScore", "regionTies", "seatedInRegion", "regionTiesScore"))
                .containsExactly(
                        "GONICUS | 2 | 0 | true | 1",
                        "Open-Xchange | 2 | 0 | true | 1",
                        "Trilux | 1 | 0 | true | 1",
                        "nexoma | 2 | 0 | false | 0");
        assertThat(column(rows, "orgName")).containsOnly("BJB");
        assertThat(rows.get(0).path("distanceKm").asDouble()).isCloseTo(0.0, within(1e-9));
        assertThat(rows.get(0).path("proximityScore").asDouble()).isCloseTo(1.0, within(1e-9));
        assertThat(rows.get(0).path("score").asDouble()).isCloseTo(5.0, within(1e-9));
        assertThat(rows.get(1).path("distanceKm").asDouble()).isCloseTo(42.2, within(1e-9));
        assertThat(rows.get(1).path("proximityScore").asDouble()).isCloseTo(0.77, within(1e-9));
        assertThat(rows.get(1).path("score").asDouble()).isCloseTo(4.54, within(1e-9));
        assertThat(rows.get(2).path("score").asDouble()).isCloseTo(4.0, within(1e-9));
        assertThat(rows.get(3).has("distanceKm")).isFalse();
        assertThat(rows.get(3).path("proximityScore").asDouble()).isCloseTo(0.0, within(1e-9));
        assertThat(rows.get(3).path("score").asDouble()).isCloseTo(2.0, within(1e-9));
        assertThat(rows.get(0).path("digitalCompetences").asText().split(" ")).containsExactlyInAnyOrder("it-services", "open-source");
    }

    @Test
    void digitalPartnerCandidatesForEveryUnpartneredWorldMarketLeader() throws Exception {
        JsonNode rows = ask("digital-partner-candidates", "limit", "1000");
        // 23 leaders × 4 candidates, and Open-Xchange (itself a candidate) × 3.
        assertThat(rows).hasSize(23 * 4 + 3);
        List<String> forOx = new ArrayList<>();
        rows.forEach(r -> { if (r.path("org").asText().equals(ORG + "open-xchange")) forOx.add(r.path("candidateName").asText()); });
        assertThat(forOx).containsExactly("GONICUS", "Trilux", "nexoma");
        // Viega (Attendorn, no point of its own: Kreis Olpe's is used) ranks Open-Xchange first, 10.6 km away.
        List<String> forViega = new ArrayList<>();
        rows.forEach(r -> { if (r.path("org").asText().equals(ORG + "viega"))
            forViega.add(r.path("candidateName").asText() + " " + r.path("distanceKm").asText("-") + " " + r.path("score").asText()); });
        assertThat(forViega).containsExactly("Open-Xchange 10.6 5.0", "GONICUS 33.9 4.76", "Trilux 33.9 3.76", "nexoma - 2.0");
        // Leaders in the Märkischer Kreis: neither the towns nor the district have a point, so no distance.
        JsonNode erco = rowWhere(rows, "orgName", "ERCO");
        assertThat(erco.has("distanceKm")).isFalse();
        assertThat(erco.has("originPoint")).isFalse();
    }

    // ------------------------------------------------------------------ competences

    @Test
    void organisationsWithADigitalCompetence() throws Exception {
        assertThat(rows(ask("organisations-by-competence"), "name", "competence"))
                .containsExactly(
                        "GONICUS | " + ID + "competence/it-services",
                        "GONICUS | " + ID + "competence/open-source",
                        "Open-Xchange | " + ID + "competence/open-source",
                        "Open-Xchange | " + ID + "competence/software",
                        "Trilux | " + ID + "competence/digital-transformation",
                        "nexoma | " + ID + "competence/e-commerce",
                        "nexoma | " + ID + "competence/it-services");
        assertThat(rows(ask("organisations-by-competence", "competence", ID + "competence/industry"), "name", "competenceLabel"))
                .containsExactly("DEMAG | cranes and hoists", "DEMAG | production", "GEA | mechanical engineering", "GEA | production",
                        "KHS | filling and packaging", "KHS | production", "Trilux | lighting technology",
                        "WILO | production", "WILO | pumps");
    }

    @Test
    void competencesOfSuedwestfalen() throws Exception {
        assertThat(rows(ask("competences-of-region"), "statement", "competenceLabel", "holderName", "claims"))
                .containsExactly(
                        "has | IT services | GONICUS | 1",
                        "has | digital transformation | Trilux | 1",
                        "has | digitalisation | Südwestfalen | 2",
                        "has | higher education | Südwestfalen | 1",
                        "has | industry | Südwestfalen | 3",
                        "has | lighting technology | Trilux | 3",
                        "has | open source | GONICUS | 1",
                        "has | open source | Open-Xchange | 1",
                        "has | production | Südwestfalen | 1",
                        "has | research | Südwestfalen | 1",
                        "has | software | Open-Xchange | 1",
                        "has | technology and innovation | Südwestfalen | 1",
                        "needs | digitalisation | Südwestfalen | 1");
    }

    @Test
    void statedNeedsAndWhoCouldMeetThem() throws Exception {
        assertThat(rows(ask("competence-needs"), "neederName", "neededLabel", "providerName", "providerCompetence"))
                .containsExactly(
                        "Sauerland | artificial intelligence | - | -",
                        "Südwestfalen | digitalisation | GONICUS | " + ID + "competence/it-services",
                        "Südwestfalen | digitalisation | GONICUS | " + ID + "competence/open-source",
                        "Südwestfalen | digitalisation | Open-Xchange | " + ID + "competence/open-source",
                        "Südwestfalen | digitalisation | Open-Xchange | " + ID + "competence/software",
                        "Südwestfalen | digitalisation | Trilux | " + ID + "competence/digital-transformation",
                        "Südwestfalen | digitalisation | nexoma | " + ID + "competence/e-commerce",
                        "Südwestfalen | digitalisation | nexoma | " + ID + "competence/it-services");
    }

    // ------------------------------------------------------------------ agreements, networks, funding

    @Test
    void theAgreementOf2018WasSignedInArnsbergByTwoParties() throws Exception {
        JsonNode rows = ask("agreements", "party", ORG + "suedwestfalen-agentur");
        assertThat(rows(rows, "kind", "agreement", "date", "placeName", "status", "partyName"))
                .containsExactly(
                        "cooperation agreement | " + AGREEMENT + " | 2018-06-25 | Arnsberg | - | Südwestfalen Agentur",
                        "cooperation agreement | " + AGREEMENT + " | 2018-06-25 | Arnsberg | - | Wirtschaftsförderung Dortmund",
                        "network | " + ORG + "westfaelische-wirtschaftsinitiative | - | - | planned | Südwestfalen Agentur");
        assertThat(rows.get(2).path("plannedBy").asText()).isEqualTo("2021-06-30");
        JsonNode all = ask("agreements");
        assertThat(all).hasSize(2 + 1 + 9);
        assertThat(column(ask("agreements", "party", ORG + "ihk-zu-dortmund"), "agreement")).containsOnly(ORG + "in-die-regionruhr").hasSize(9);
    }

    @Test
    void theNineMembersOfInDieRegionRuhr() throws Exception {
        JsonNode rows = ask("network-members");
        assertThat(rows(rows, "name", "kind", "since"))
                .containsExactly(
                        "Handwerkskammer Dortmund | chamber | -",
                        "IHK Mittleres Ruhrgebiet | chamber | 2009",
                        "IHK zu Dortmund | chamber | 2009",
                        "SIHK zu Hagen | chamber | 2009",
                        "Wirtschaftsförderung (Bochum) | business development agency | 2009",
                        "Wirtschaftsförderung (Ennepe-Ruhr-Kreis) | business development agency | 2009",
                        "Wirtschaftsförderung (Hagen) | business development agency | 2009",
                        "Wirtschaftsförderung (Herne) | business development agency | 2009",
                        "Wirtschaftsförderung Dortmund | business development agency | 2009");
        assertThat(column(ask("network-members", "network", ORG + "westfaelische-wirtschaftsinitiative"), "name"))
                .containsExactly("Südwestfalen Agentur");
    }

    @Test
    void theGrantOf26550EuroForTheRegionalDevelopmentConcept() throws Exception {
        JsonNode rows = ask("funding");
        assertThat(rows(rows, "funderName", "recipientName", "currency", "date", "projectName"))
                .containsExactly("Wirtschaftsministerium des Landes NRW | In|Die RegionRuhr | EUR | 2009 | Regionales Entwicklungskonzept (REK) Region Ruhr");
        assertThat(rows.get(0).path("amount").isNumber()).isTrue();
        assertThat(rows.get(0).path("amount").decimalValue()).isEqualByComparingTo("26550");
        assertThat(rows.get(0).path("purpose").asText()).contains("regionalen Entwicklungskonzeptes (REK)");
        assertThat(ask("funding", "funder", ORG + "suedwestfalen-agentur")).isEmpty();
    }

    @Test
    void whatLinksSuedwestfalenToDortmund() throws Exception {
        JsonNode rows = ask("links-to-dortmund");
        String swa = "Südwestfalen Agentur", wfdo = "Wirtschaftsförderung Dortmund";
        assertThat(rows(rows, "link", "via", "date", "status", "orgInRegionName", "orgInOtherName"))
                .containsExactly(
                        "cooperation agreement | " + AGREEMENT + " | 2018-06-25 | - | " + swa + " | " + wfdo,
                        "declared partnership | - | - | - | " + swa + " | " + wfdo,
                        "same event | " + ID + "event/initialzuendung-westfaelische-wirtschaftsinitiative | - | planned | " + swa + " | Stadt Dortmund",
                        "same event | " + ID + "event/fachimpuls-digitale-kompetenzlandschaft-suedwestfalen | 2018-06-25 | - | GONICUS | " + wfdo,
                        "same event | " + ID + "event/fachimpuls-digitale-kompetenzlandschaft-suedwestfalen | 2018-06-25 | - | Open-Xchange | " + wfdo,
                        "same event | " + ID + "event/fachimpuls-digitale-kompetenzlandschaft-suedwestfalen | 2018-06-25 | - | " + swa + " | " + wfdo,
                        "same event | " + ID + "event/fachimpuls-digitale-kompetenzlandschaft-suedwestfalen | 2018-06-25 | - | Trilux | " + wfdo,
                        "same event | " + ID + "event/unterzeichnung-kooperationsvereinbarung-suedwestfalen-dortmund-2018 | 2018-06-25 | - | " + swa + " | " + wfdo,
                        "same event | " + ID + "event/unterzeichnung-kooperationsvereinbarung-suedwestfalen-dortmund-2018 | 2018-06-25 | - | Trilux | " + wfdo);
    }

    @Test
    void eventsWithDatePlaceOrganiserAndHost() throws Exception {
        JsonNode rows = ask("events");
        assertThat(rows(rows, "event", "date", "locationName", "town", "organiserName", "hostName", "attendeesAtLeast", "status"))
                .containsExactly(
                        ID + "event/fachimpuls-digitale-kompetenzlandschaft-suedwestfalen | 2018-06-25 | Trilux, Arnsberg | Arnsberg | Südwestfalen Agentur | Trilux | 100 | -",
                        ID + "event/unterzeichnung-kooperationsvereinbarung-suedwestfalen-dortmund-2018 | 2018-06-25 | Arnsberg | Arnsberg | - | Trilux | - | -",
                        ID + "event/unterzeichnung-kooperationsvereinbarung-suedwestfalen-dortmund-2018 | 2018-06-25 | Trilux, Arnsberg | Arnsberg | - | Trilux | - | -",
                        // planned: ordered by its plannedBy date, 2021-06-30
                        ID + "event/initialzuendung-westfaelische-wirtschaftsinitiative | - | - | - | Stadt Dortmund | - | - | planned");
        assertThat(column(rows, "programmeName").get(0)).isEqualTo("REGIONALE 2025");
        assertThat(column(ask("events", "organisation", ORG + "open-xchange"), "event"))
                .containsExactly(ID + "event/fachimpuls-digitale-kompetenzlandschaft-suedwestfalen");
    }

    // ------------------------------------------------------------------ people

    @Test
    void thomasWestphalWasManagingDirectorIn2018AndLordMayorIn2021() throws Exception {
        String westphal = ID + "person/thomas-westphal";
        assertThat(rows(ask("roles-at-date", "asOf", "2018-06-25", "person", westphal), "role", "orgName", "evidence"))
                .containsExactly(ID + "role/managing-director | Wirtschaftsförderung Dortmund | attested on the date");
        assertThat(rows(ask("roles-at-date", "asOf", "2021-01-01", "person", westphal), "role", "orgName", "evidence"))
                .containsExactly(ID + "role/lord-mayor | Stadt Dortmund | interval");
        assertThat(rows(ask("roles-at-date", "asOf", "2020-12-01", "person", westphal), "roleLabel", "orgName"))
                .containsExactly("member | SPD", "lord mayor | Stadt Dortmund");
    }

    @Test
    void everyoneInARoleOnTheDayOfTheSigningAndIn2009() throws Exception {
        assertThat(rows(ask("roles-at-date", "asOf", "2018-06-25"), "personName", "roleLabel", "orgName"))
                .containsExactly(
                        "Andreas Müller | district administrator | Kreis Siegen-Wittgenstein",
                        "Andreas Müller | chair of the supervisory board | Südwestfalen Agentur",
                        "Frank Hoberg | representative | Open-Xchange",
                        "Fred Schröder | representative | Digitales Forum Arnsberg",
                        "Fred Schröder | representative | GONICUS",
                        "Guido Sauerland | representative | Digitales Forum Arnsberg",
                        "Guido Sauerland | entrepreneur | nexoma",
                        "Hubertus Winterberg | managing director | Südwestfalen Agentur",
                        "Joachim Geiger | head of marketing and sales | Trilux",
                        "Pascal Ledune | deputy managing director | Wirtschaftsförderung Dortmund",
                        "Thomas Westphal | managing director | Wirtschaftsförderung Dortmund");
        assertThat(rows(ask("roles-at-date", "asOf", "2009-05-01"), "personName", "roleLabel", "orgName", "evidence"))
                .containsExactly(
                        "Klaus Tillmann | chief executive | Handwerkskammer Dortmund | attested in the year",
                        "Pascal Ledune | contact person | Wirtschaftsförderung Dortmund | attested in the year",
                        "Stefan Schreiber | managing director | IHK zu Dortmund | attested in the year",
                        "Udo Mager | managing director | Wirtschaftsförderung Dortmund | attested in the year");
        // A date no source speaks of: nothing is guessed.
        assertThat(ask("roles-at-date", "asOf", "2018-07-01")).isEmpty();
    }

    @Test
    void thePeopleOfWirtschaftsfoerderungDortmundOverTime() throws Exception {
        assertThat(rows(ask("people-of-organisation"), "personName", "roleLabel", "firstEvidence", "endedBefore"))
                .containsExactly(
                        "Pascal Ledune | contact person | 2009 | -",
                        "Udo Mager | managing director | 2009 | -",
                        "Pascal Ledune | deputy managing director | 2018-06-25 | -",
                        "Thomas Westphal | managing director | 2018-06-25 | 2020-11-01");
    }

    // ------------------------------------------------------------------ places, organisations, figures

    @Test
    void arnsbergIsWithinSuedwestfalenAndDortmundIsNot() {
        assertThat(server.get("/api/questions/place-within-region", "application/json").body()).isEqualTo("true");
        assertThat(server.get("/api/questions/place-within-region?place=" + TestServer.encode(PLACE + "dortmund"), "application/json").body())
                .isEqualTo("false");
        // A site deep down: GONICUS in the Kaiserhaus, Neheim, Arnsberg, Hochsauerlandkreis.
        assertThat(server.get("/api/questions/place-within-region?place=" + TestServer.encode(ID + "site/gonicus"), "application/json").body())
                .isEqualTo("true");
        assertThat(server.get("/api/questions/place-within-region?place=" + TestServer.encode(PLACE + "dortmund")
                + "&region=" + TestServer.encode(PLACE + "regierungsbezirk-arnsberg"), "application/json").body()).isEqualTo("true");
    }

    @Test
    void organisationsSeatedInSuedwestfalenAndInDortmund() throws Exception {
        JsonNode swf = ask("organisations-in-region");
        List<String> notLeaders = new ArrayList<>();
        swf.forEach(r -> { if (!r.path("worldMarketLeader").asBoolean()) notLeaders.add(r.path("name").asText()); });
        assertThat(notLeaders).containsExactly("Fachhochschule Südwestfalen", "GONICUS", "IHK Arnsberg", "IHK Siegen",
                "Südwestfalen Agentur", "Trilux", "Universität Siegen");
        assertThat(swf).hasSize(7 + 24);
        assertThat(column(ask("organisations-in-region", "kind", "University"), "name"))
                .containsExactly("Fachhochschule Südwestfalen", "Universität Siegen");
        assertThat(column(ask("organisations-in-region", "region", PLACE + "dortmund"), "name"))
                .containsExactly("Fachhochschule Dortmund", "Handwerkskammer Dortmund", "IHK zu Dortmund", "KHS", "TU Dortmund",
                        "WILO", "Wirtschaftsförderung Dortmund");
    }

    @Test
    void worldMarketLeadersInLighting() throws Exception {
        assertThat(rows(ask("world-market-leaders-by-niche", "niche", "lighting"), "name", "town", "district", "confidence"))
                .containsExactly("ERCO | Lüdenscheid | Märkischer Kreis | low",
                        "Hella | Lippstadt | Kreis Soest | medium",
                        "BJB | Arnsberg | Hochsauerlandkreis | high");
        assertThat(ask("world-market-leaders-by-niche")).hasSize(24);
    }

    @Test
    void figuresAboutSuedwestfalen() throws Exception {
        assertThat(rows(ask("region-figures", "place", PLACE + "suedwestfalen"), "measureLabel", "value", "qualifier", "date"))
                .containsExactly(
                        "number of world market leaders | 150 | more-than | 2018",
                        "number of districts | 5 | exact | 2020",
                        "number of municipalities | 59 | exact | 2020",
                        "rank among Germany's industrial regions | 3 | exact | 2020");
        assertThat(rows(ask("region-figures", "place", PLACE + "region-ruhr"), "measureLabel", "value", "qualifier", "scope"))
                .containsExactly(
                        "number of companies | 2000 | approximately | Unternehmen im Produktions-/Dienstleistungsverbund",
                        "number of employees | 130000 | approximately | hoch qualifizierte Beschäftigte im Produktions-/Dienstleistungsverbund");
        assertThat(ask("region-figures")).hasSize(6);
    }

    // ------------------------------------------------------------------ provenance

    @Test
    void theAgreementComesFromThreeArticles() throws Exception {
        JsonNode rows = ask("provenance");
        String ag = "https://w3id.org/regiokg/graph/article/";
        assertThat(column(rows, "graph").stream().distinct().toList()).containsExactly(
                ag + "fachimpuls-digitale-kompetenzlandschaft-suedwestfalen",
                ag + "suedwestfalen-dortmund-ruecken-naeher-zusammen",
                ag + "wp-dortmund-suedwestfalen-kooperieren-digitalisierung");
        List<String> signedOn = new ArrayList<>();
        rows.forEach(r -> { if (r.path("property").asText().endsWith("#signedOn"))
            signedOn.add(r.path("source").asText() + " | " + r.path("issued").asText() + " | " + r.path("publisher").asText("-") + " | " + r.path("value").asText()); });
        assertThat(signedOn).containsExactly(
                "002_4e1fb39e4eff1054.txt | 2018 | - | 2018-06-25",
                "000_92be0732485c1055.txt | 2018 | blickpunktASM | 2018-06-25",
                "001_8c3f94cb4e5d2af2.txt | 2018-06-26 | WP (Westfalenpost) | 2018-06-25");
        assertThat(rows).hasSize(10 + 12 + 11);
        assertThat(column(rows, "direction")).containsOnly("out");
    }

    @Test
    void theSourcesOfTheGraph() throws Exception {
        JsonNode rows = ask("sources");
        String g = "https://w3id.org/regiokg/graph/";
        assertThat(rows(rows, "graph", "issued", "source")).containsExactly(
                g + "article/fachimpuls-digitale-kompetenzlandschaft-suedwestfalen | 2018 | 002_4e1fb39e4eff1054.txt",
                g + "article/in-die-regionruhr-produktions-dienstleistungsverbund | 2009 | 003_427161f5629ef08e.txt",
                g + "article/suedwestfalen-dortmund-ruecken-naeher-zusammen | 2018 | 000_92be0732485c1055.txt",
                g + "article/westphal-westfaelische-wirtschaftsinitiative | 2020 | 004_58c2984ef0a38ea8.txt",
                g + "article/wp-dortmund-suedwestfalen-kooperieren-digitalisierung | 2018-06-26 | 001_8c3f94cb4e5d2af2.txt",
                g + "import/world-market-leaders-suedwestfalen | - | world-market-leaders-suedwestfalen.csv",
                g + "links/places | - | places.csv",
                g + "reference/organisations | - | organisations.csv",
                g + "reference/places | - | places.csv");
        assertThat(rowWhere(rows, "source", "003_427161f5629ef08e.txt").path("publisher").asText()).isEqualTo("Wirtschaftsförderung Dortmund");
    }
}
