package org.regiokg.server;

import java.io.IOException;

import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.fuseki.mgt.ActionDatasets;
import org.apache.jena.fuseki.mod.admin.ActionServerStatus;
import org.apache.jena.fuseki.servlets.HttpAction;
import org.apache.jena.fuseki.servlets.ServletOps;
import org.apache.jena.fuseki.validation.QueryValidator;

/**
 * Fuseki's query editor (the jena-fuseki-ui web app) under {@code /ui/}, with the read-only part of
 * the admin protocol it asks for. Fuseki's own UI module fails on this Jetty, and its admin module
 * would open dataset creation to anyone; this serves the files and answers only reads.
 */
final class FusekiUi {
    static final String PATH = "/ui";

    private FusekiUi() {}

    /** {@code datasetPath}: the dataset the UI queries ({@code /kg}), whose calls it makes relative to itself. */
    static void addTo(FusekiServer.Builder builder, String datasetPath) {
        builder.addServlet(PATH + "/*", new UiFiles(datasetPath))
               .addProcessor("/$/server", new ActionServerStatus())
               .addProcessor("/$/datasets/*", new ReadOnlyDatasets())
               .addProcessor("/$/datasets", new ReadOnlyDatasets())
               .addServlet("/$/validate/query", new QueryValidator())
               .enablePing(true)
               .enableStats(true);
    }

    /**
     * The UI computes every server URL from its own location, so under {@code /ui/} it asks for
     * {@code /ui/$/server} and {@code /ui/kg/sparql}. Those are redirected (307 keeps method and body)
     * to the real endpoints, where Fuseki's own access rules apply.
     */
    static final class UiFiles extends ClasspathFiles {
        private final String datasetPath;

        UiFiles(String datasetPath) {
            super("webapp", "index.html");
            this.datasetPath = datasetPath;
        }

        @Override
        protected void service(HttpServletRequest req, HttpServletResponse resp) throws ServletException, IOException {
            String path = req.getPathInfo();
            if (path == null) {
                resp.sendRedirect(PATH + "/");
                return;
            }
            if (path.startsWith("/$/") || path.startsWith(datasetPath + "/")) {
                String query = req.getQueryString();
                resp.setStatus(HttpServletResponse.SC_TEMPORARY_REDIRECT);
                resp.setHeader("Location", path + (query == null ? "" : "?" + query));
                return;
            }
            super.service(req, resp);
        }
    }

    /** {@code /$/datasets} for reading only: describing datasets is public, changing them is not offered. */
    static final class ReadOnlyDatasets extends ActionDatasets {
        @Override
        protected void performPost(HttpAction action) {
            ServletOps.errorMethodNotAllowed("POST");
        }

        @Override
        protected void performDelete(HttpAction action) {
            ServletOps.errorMethodNotAllowed("DELETE");
        }
    }
}
