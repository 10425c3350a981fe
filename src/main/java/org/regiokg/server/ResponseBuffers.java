package org.regiokg.server;

import java.util.Arrays;
import java.util.Objects;
import java.util.stream.Stream;

import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.HttpConnectionFactory;
import org.eclipse.jetty.server.Server;

/**
 * The size of the buffer each response is written through. Fuseki sets 5 MB on its connectors, so that
 * a query failing within its first 5 MB of rows can still be answered with an error status. Jetty's
 * buffer pool keeps no buffers that large: every response then allocated and zeroed 5 MB of direct
 * memory, 15–20 ms of each request on this project's machines (BENCHMARKS.md, stop 30). Here that
 * guarantee comes from elsewhere: the SPARQL endpoints hold their whole answer back until it is complete
 * ({@link SparqlRequestLimits}) and the route table's answers are written to memory first, so Jetty's
 * usual size will do.
 */
final class ResponseBuffers {
    /** Jetty's own default. */
    static final int BYTES = 32 * 1024;

    private ResponseBuffers() {}

    /** On every HTTP connector of the server, before it starts. */
    static void install(Server server) {
        configurations(server).forEach(http -> http.setOutputBufferSize(BYTES));
    }

    /** The smallest output buffer over the server's HTTP connectors; 0 without one. */
    static int smallest(Server server) {
        return configurations(server).mapToInt(HttpConfiguration::getOutputBufferSize).min().orElse(0);
    }

    private static Stream<HttpConfiguration> configurations(Server server) {
        return Arrays.stream(server.getConnectors())
                .map(c -> c.getConnectionFactory(HttpConnectionFactory.class))
                .filter(Objects::nonNull)
                .map(HttpConnectionFactory::getHttpConfiguration);
    }
}
