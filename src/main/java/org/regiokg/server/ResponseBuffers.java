package org.regiokg.server;

import org.eclipse.jetty.server.Connector;
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
        for (Connector connector : server.getConnectors()) {
            HttpConnectionFactory http = connector.getConnectionFactory(HttpConnectionFactory.class);
            if (http != null) http.getHttpConfiguration().setOutputBufferSize(BYTES);
        }
    }
}
