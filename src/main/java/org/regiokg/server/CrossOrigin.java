package org.regiokg.server;

import java.io.IOException;
import java.util.Optional;
import java.util.Set;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.regiokg.server.Routes.Access;

/**
 * CORS by the route table, in front of everything (the table's app and Fuseki alike): public routes
 * are open to every origin (headers on every answer, preflights answered here); admin routes carry
 * no CORS headers and refuse a request from another origin with 403, even with the right login.
 */
final class CrossOrigin extends HttpFilter {
    private final transient Routes routes;

    CrossOrigin(Routes routes) {
        this.routes = routes;
    }

    @Override
    protected void doFilter(HttpServletRequest req, HttpServletResponse resp, FilterChain chain) throws IOException, ServletException {
        String path = req.getRequestURI().substring(req.getContextPath().length());
        Optional<Access> access = routes.access(req.getMethod(), path);
        if (access.isPresent() && access.get() == Access.PUBLIC) {
            resp.setHeader("Access-Control-Allow-Origin", "*");
            resp.setHeader("Access-Control-Expose-Headers", "ETag, Link, Location");
            if (req.getMethod().equals("OPTIONS")) {
                preflight(req, resp, routes.methodsAt(path));
                return;
            }
        } else if (access.isPresent() && access.get() == Access.ADMIN && isCrossOrigin(req)) {
            ProblemJson.send(resp, Problem.of(403, "cross-origin-write", "Cross-origin request refused",
                    "Writes are only taken from this server's own pages, not from " + req.getHeader("Origin") + "."));
            return;
        }
        chain.doFilter(req, resp);
    }

    private static void preflight(HttpServletRequest req, HttpServletResponse resp, Set<String> methods) {
        resp.setHeader("Access-Control-Allow-Methods", String.join(", ", methods) + ", OPTIONS");
        String asked = req.getHeader("Access-Control-Request-Headers");
        resp.setHeader("Access-Control-Allow-Headers", asked == null || asked.isBlank() ? "Content-Type, Accept" : asked);
        resp.setHeader("Access-Control-Max-Age", "86400");
        resp.setHeader("Allow", String.join(", ", methods) + ", OPTIONS");
        resp.setStatus(HttpServletResponse.SC_NO_CONTENT);
    }

    /** An {@code Origin} that is not this server as the client reached it (scheme, host and port). */
    private static boolean isCrossOrigin(HttpServletRequest req) {
        String origin = req.getHeader("Origin");
        if (origin == null) return false;
        String own = req.getScheme() + "://" + req.getHeader("Host");
        return !origin.equalsIgnoreCase(own);
    }
}
