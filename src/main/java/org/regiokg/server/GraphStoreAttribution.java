package org.regiokg.server;

import jakarta.servlet.Filter;
import jakarta.servlet.http.HttpServletRequest;

import org.regiokg.history.Attribution;

/** Attributes a Graph Store Protocol write ({@code PUT/POST/DELETE /kg/data?graph=...}) to its user, for the change log. */
final class GraphStoreAttribution {
    static final Filter FILTER = (req, res, chain) -> {
        HttpServletRequest r = (HttpServletRequest) req;
        String target = r.getMethod() + " " + r.getRequestURI() + (r.getQueryString() == null ? "" : "?" + r.getQueryString());
        try (var by = Attribution.of(r.getRemoteUser(), target, "Graph Store Protocol").open()) {
            chain.doFilter(req, res);
        }
    };

    private GraphStoreAttribution() {}
}
