package org.regiokg.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

import org.apache.jena.fuseki.main.sys.FusekiErrorHandler;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
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

    /** On the server and on its servlet context, before the server starts; malformed credentials are a 400. */
    static void install(Server server, String apiPath) {
        JettyErrors errors = new JettyErrors(apiPath);
        server.setErrorHandler(errors);
        ServletContextHandler context = server.getDescendant(ServletContextHandler.class);
        if (context != null) context.setErrorHandler(errors);
        server.setHandler(new MalformedCredentials(server.getHandler()));
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

    /** A Basic {@code Authorization} header that is not base64 of {@code user:password} is the client's error, not a 500. */
    static final class MalformedCredentials extends Handler.Wrapper {
        MalformedCredentials(Handler handler) {
            super(handler);
        }

        @Override
        public boolean handle(Request request, Response response, Callback callback) throws Exception {
            String auth = request.getHeaders().get(HttpHeader.AUTHORIZATION);
            if (auth != null && auth.regionMatches(true, 0, "Basic ", 0, 6) && !wellFormed(auth.substring(6).strip())) {
                Response.writeError(request, response, callback, 400, "The Authorization header is not Basic base64(user:password).");
                return true;
            }
            return super.handle(request, response, callback);
        }

        private static boolean wellFormed(String credentials) {
            try {
                return new String(Base64.getDecoder().decode(credentials), StandardCharsets.UTF_8).contains(":");
            } catch (IllegalArgumentException e) {
                return false;
            }
        }
    }
}
