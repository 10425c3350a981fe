package org.regiokg.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * RegioKG in remote mode ({@code serve --sparql-endpoint}) in a JVM of its own, in front of the
 * standalone Fuseki server on the benchmark's store: the same SPARQL sent to RegioKG's /kg/sparql,
 * which parses it, applies its limits and sends it on to Fuseki, then reads the rows back and
 * writes them out again. Against the Fuseki column (the same Fuseki, asked directly) this is the
 * cost of the extra hop.
 */
final class RemotePeer {
    private final Path workDir;
    private final int requests;
    private final Duration budget;
    private final ServerCommand server;
    private final LatencyProbe probe = new LatencyProbe();

    RemotePeer(Path workDir, int requests, Duration budget, ServerCommand server) {
        this.workDir = workDir;
        this.requests = requests;
        this.budget = budget;
        this.server = server;
    }

    Map<String, Timing> time(Path storeDir, List<TimedQuestion> questions) throws Exception {
        FusekiPeer fusekiPeer = new FusekiPeer(workDir, requests, budget);
        int fusekiPort = ServerProcess.freePort(), port = ServerProcess.freePort();
        Path fusekiDir = workDir.resolve("remote-fuseki-run");
        try (ServerProcess fuseki = ServerProcess.start(fusekiPeer.command(storeDir, fusekiPort, fusekiDir), fusekiDir,
                fusekiDir.resolve("fuseki.log"), fusekiPort, "/$/ping", Duration.ofMinutes(10));
             ServerProcess regiokg = ServerProcess.start(remoteCommand(storeDir, port, fuseki.baseUrl() + "/kg/sparql"), workDir,
                     workDir.resolve("server-remote.log"), port, "/api/health", Duration.ofMinutes(5))) {
            Map<String, Timing> timings = new Timer(probe, requests, budget).timeSparql(regiokg.baseUrl() + "/kg/sparql", questions);
            return timings;
        }
    }

    /** The bench's own serve command with the store replaced by the endpoint (the rest: port, time limit, no SERVICE). */
    private List<String> remoteCommand(Path storeDir, int port, String endpoint) {
        List<String> command = new ArrayList<>(server.command(storeDir, port, budget));
        int store = command.indexOf("--store");
        if (store < 0) throw new IllegalStateException("the serve command names no --store: " + command);
        command.set(store, "--sparql-endpoint");
        command.set(store + 1, endpoint);
        return command;
    }
}
