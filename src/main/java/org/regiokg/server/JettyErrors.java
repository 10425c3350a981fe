package org.regiokg.server;

import java.nio.ByteBuffer;

import org.apache.jena.fuseki.main.sys.FusekiErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.util.Callback;

/**
 * Errors that Jetty answers before or around the route table (a malformed request, the login asked
 * by the security handler, a body too large): problem documents under the API path, Fuseki's plain
 * text elsewhere.
 */
final class JettyErrors extends FusekiErrorHandler {
    /** The path Jetty gives a request whose target it could not read: it may have been meant for the API. */
    private static final String UNREADABLE = "/badMessage";
    private final String apiPath;

    private JettyErrors(String apiPath) {
        this.apiPath = apiPath;
    }

    /** On the server and on its servlet context, before the server starts (malformed credentials: {@link LoginGuard}). */
    static void install(Server server, String apiPath) {
        JettyErrors errors = new JettyErrors(apiPath);
        server.setErrorHandler(errors);
        ServletContextHandler context = server.getDescendant(ServletContextHandler.class);
        if (context != null) context.setErrorHandler(errors);
    }

    @Override
    protected void generateResponse(Request request, Response response, int code, String message, Throwable cause, Callback callback)
            throws java.io.IOException {
        String path = Request.getPathInContext(request);
        if (!path.equals(apiPath) && !path.startsWith(apiPath + "/") && !path.equals(UNREADABLE)) {
            super.generateResponse(request, response, code, message, cause, callback);
            return;
        }
        Problem problem = RouteDispatch.ofStatus(code, message);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.write(true, ByteBuffer.wrap(ProblemJson.bytes(problem)), callback);
    }
}
