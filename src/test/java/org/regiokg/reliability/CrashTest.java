package org.regiokg.reliability;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a serve process over TDB2 while it writes (a CSV import, an RDF load by the Graph Store
 * Protocol, a SPARQL update), then a restart: the store must show the last committed state, byte for
 * byte (hash of the sorted N-Quads export), and nothing of the write that was cut off. The quick
 * part kills once (during the CSV import), the long part ({@code -Dreliability.long=true}) three times.
 */
@Tag("integration")
class CrashTest {
    static final boolean LONG = Boolean.getBoolean("reliability.long");
    /** How long the write runs before the kill: long enough to be well inside it. */
    static final Duration INTO_THE_WRITE = Duration.ofMillis(Long.getLong("reliability.killAfterMillis", 1500));
    static final String MARK = "INSERT DATA { GRAPH <https://w3id.org/regiokg/graph/test/crash> "
            + "{ <https://w3id.org/regiokg/id/organisation/crash-mark> <http://www.w3.org/2000/01/rdf-schema#label> \"committed\" } }";

    /** One store, three kills: each restart must show what was committed before the cut-off write, and the next write starts from there. */
    @Test
    void killDuringImportLoadAndUpdateKeepsTheLastCommittedState(@TempDir Path dir) throws Exception {
        Path store = dir.resolve("store");
        Path log = dir.resolve("serve.log");
        ServeProcess serve = ServeProcess.start(store, ServeProcess.project(), log, "-Xmx1g");
        serve = killDuring(serve, store, log, 1, "CSV import", s -> HttpRequest.newBuilder(s.uri("/api/imports?mapping=partnerships&file=crash.csv"))
                .header("Authorization", ServeProcess.basic()).header("Content-Type", "text/csv")
                .POST(HttpRequest.BodyPublishers.ofByteArray(partnershipsCsv(20_000))).build());
        if (!LONG) {
            // The quick part (in `mvn test`) stops after one kill: each restart of TDB2 takes tens of seconds here.
            serve.close();
            return;
        }
        // `regiokg load` is not on this branch; a large Graph Store Protocol PUT is the RDF load.
        serve = killDuring(serve, store, log, 2, "RDF load (GSP PUT)", s -> HttpRequest.newBuilder(s.uri("/kg/data?graph=https://w3id.org/regiokg/graph/test/bulk"))
                .header("Authorization", ServeProcess.basic()).header("Content-Type", "application/n-triples")
                .PUT(HttpRequest.BodyPublishers.ofByteArray(nTriples(400_000))).build());
        // Every pair of quads: millions of new triples, far beyond what can be written before the kill.
        String update = "INSERT { GRAPH <https://w3id.org/regiokg/graph/test/cross> { ?a <urn:x:pair> ?b } } "
                + "WHERE { GRAPH ?g { ?a ?p ?o } GRAPH ?h { ?b ?q ?r } }";
        serve = killDuring(serve, store, log, 3, "SPARQL update", s -> HttpRequest.newBuilder(s.uri("/kg/update"))
                .header("Authorization", ServeProcess.basic()).header("Content-Type", "application/sparql-update")
                .POST(HttpRequest.BodyPublishers.ofString(update)).build());
        serve.close();
    }

    /** Commits a mark, starts the write, kills the server inside it, restarts: the state must be the mark's. Returns the restarted server. */
    private static ServeProcess killDuring(ServeProcess serve, Path store, Path log, int round, String what,
                                           Function<ServeProcess, HttpRequest> write) throws Exception {
        String committed;
        try {
            assertThat(serve.update(MARK.replace("committed", "committed " + round)).statusCode()).isBetween(200, 204);
            committed = serve.stateHash();
            HttpRequest request = write.apply(serve);
            ServeProcess s = serve;
            CompletableFuture<HttpResponse<String>> inFlight = CompletableFuture.supplyAsync(() -> {
                try {
                    return s.send(request);
                } catch (Exception e) {
                    return null; // the connection dies with the server
                }
            });
            Thread.sleep(INTO_THE_WRITE.toMillis());
            assertThat(inFlight.isDone()).as(what + " still running when killed (else make it larger); answer: "
                    + (inFlight.isDone() && inFlight.get() != null ? inFlight.get().statusCode() + " " + inFlight.get().body() : "")).isFalse();
            serve.kill9();
            assertThat(inFlight.get()).as("no answer from a killed server").isNull();
        } finally {
            serve.close();
        }
        ServeProcess again = ServeProcess.start(store, ServeProcess.project(), log, "-Xmx1g");
        String state = again.stateHash();
        assertThat(state).as("after kill -9 during " + what + " and a restart").isEqualTo(committed);
        assertCountsExact(again, state, "after kill -9 during " + what + " and a restart");
        // And the next write keeps them.
        assertThat(again.update(MARK.replace("committed", "after " + round)).statusCode()).isBetween(200, 204);
        assertCountsExact(again, again.stateHash(), "after the write that follows the restart");
        return again;
    }

    /**
     * The counts the store keeps are those of its data: the sources question's statements are the
     * source graphs' quads (counted here with SPARQL), and /api/health's quads the export's.
     */
    static void assertCountsExact(ServeProcess s, String stateHash, String when) throws Exception {
        java.util.Map<String, Long> counted = new java.util.HashMap<>();
        String count = "SELECT ?g (COUNT(*) AS ?n) { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g";
        HttpResponse<String> c = s.send(HttpRequest.newBuilder(s.uri("/kg/sparql?query=" + java.net.URLEncoder.encode(count, StandardCharsets.UTF_8)))
                .header("Accept", "text/csv").timeout(Duration.ofSeconds(120)).GET().build());
        assertThat(c.statusCode()).as(c.body()).isEqualTo(200);
        c.body().lines().skip(1).forEach(l -> counted.put(l.substring(0, l.indexOf(',')), Long.parseLong(l.substring(l.lastIndexOf(',') + 1).trim())));
        HttpResponse<String> sources = s.send(HttpRequest.newBuilder(s.uri("/api/questions/sources?limit=1000"))
                .header("Accept", "text/csv").header("Cache-Control", "no-cache").timeout(Duration.ofSeconds(120)).GET().build());
        assertThat(sources.statusCode()).as(sources.body()).isEqualTo(200);
        List<String> rows = sources.body().lines().skip(1).toList();
        assertThat(rows).as(when).isNotEmpty();
        for (String row : rows) {
            String graph = row.substring(0, row.indexOf(','));
            assertThat(Long.parseLong(row.substring(row.lastIndexOf(',') + 1).trim())).as(when + ": statements of " + graph)
                    .isEqualTo(counted.getOrDefault(graph, 0L));
        }
        HttpResponse<String> health = s.send(HttpRequest.newBuilder(s.uri("/api/health")).GET().build());
        long quads = Long.parseLong(stateHash.substring(0, stateHash.indexOf(' ')));
        assertThat(new com.fasterxml.jackson.databind.ObjectMapper().readTree(health.body()).path("quads").asLong()).as(when + ": health's quads")
                .isEqualTo(quads);
    }

    static byte[] partnershipsCsv(int rows) {
        StringBuilder csv = new StringBuilder("name_a,town_a,district_a,kind_a,name_b,town_b,district_b,kind_b,since,topic,source_url\n");
        for (int i = 0; i < rows; i++)
            csv.append("Crash Firma ").append(i).append(" GmbH,Attendorn,Kreis Olpe,company,Crash Partner ").append(i)
               .append(" AG,Arnsberg,Hochsauerlandkreis,company,2021,open-source,https://example.org/crash/").append(i).append('\n');
        return csv.toString().getBytes(StandardCharsets.UTF_8);
    }

    static byte[] nTriples(int triples) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(triples * 90);
        for (int i = 0; i < triples; i++)
            out.writeBytes(("<https://w3id.org/regiokg/id/test/bulk-" + i + "> <http://www.w3.org/2000/01/rdf-schema#label> \"bulk " + i + "\" .\n")
                    .getBytes(StandardCharsets.UTF_8));
        return out.toByteArray();
    }
}
