package org.regiokg.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.jena.rdf.model.Model;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.regiokg.http.Negotiation;
import org.regiokg.http.Offer;

/**
 * What SPARQL clients send that Fuseki does not take, in front of its query endpoints:
 * <ul>
 * <li>format names in {@code format}, {@code output} and {@code results} that Fuseki does not know
 *     (SPARQLWrapper's defaults send {@code rdf+xml}, {@code rdf}, {@code n3}): they become media types;</li>
 * <li>a {@code GET} without a query: the SPARQL 1.1 Service Description (Turtle, RDF/XML, JSON-LD,
 *     N-Triples by {@code Accept}); a browser is sent to the query editor.</li>
 * </ul>
 */
final class SparqlClientFormats implements Filter {
    /** The parameters clients name a result format in (Virtuoso's, sparqler's, Joseki's). */
    static final Set<String> FORMAT_PARAMETERS = Set.of("format", "output", "results");
    /** Names Fuseki does not expand itself; the ones it knows (json, xml, csv, tsv, turtle, ttl, nt, json-ld) pass. */
    static final Map<String, String> NAMES = Map.of(
            "rdf+xml", "application/rdf+xml",
            "rdf", "application/rdf+xml",
            "rdfxml", "application/rdf+xml",
            "n3", "text/turtle",
            "jsonld", "application/ld+json",
            "n-triples", "application/n-triples",
            "ntriples", "application/n-triples",
            "srj", "application/sparql-results+json",
            "srx", "application/sparql-results+xml");
    static final List<Offer> DESCRIPTION_FORMATS = List.of(
            Offer.of("text/turtle", "ttl", "turtle"),
            Offer.of("text/html", "html"),
            Offer.of("application/rdf+xml", "rdf", "xml"),
            Offer.of("application/ld+json", "jsonld", "json-ld"),
            Offer.of("application/n-triples", "nt"));

    private final String editorPath;

    /** @param editorPath where a browser asking for the endpoint itself is sent (the query editor) */
    SparqlClientFormats(String editorPath) {
        this.editorPath = editorPath;
    }

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        HttpServletRequest request = (HttpServletRequest) req;
        HttpServletResponse response = (HttpServletResponse) res;
        boolean read = "GET".equals(request.getMethod()) || "HEAD".equals(request.getMethod());
        if (read && request.getParameter("query") == null) {
            describe(request, response);
            return;
        }
        chain.doFilter(new MediaTypeNames(request), res);
    }

    private void describe(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Offer format = Negotiation.byAccept(request.getHeader("Accept"), DESCRIPTION_FORMATS).orElse(DESCRIPTION_FORMATS.get(0));
        response.setHeader("Vary", "Accept");
        if (format.mediaType().equals("text/html")) {
            response.setStatus(HttpServletResponse.SC_SEE_OTHER);
            response.setHeader("Location", editorPath);
            return;
        }
        String endpoint = request.getRequestURL().toString();
        Model description = ServiceDescription.of(endpoint);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        RDFDataMgr.write(out, description, switch (format.mediaType()) {
            case "application/rdf+xml" -> RDFFormat.RDFXML;
            case "application/ld+json" -> RDFFormat.JSONLD;
            case "application/n-triples" -> RDFFormat.NTRIPLES;
            default -> RDFFormat.TURTLE;
        });
        response.setStatus(200);
        response.setContentType(format.mediaType() + "; charset=utf-8");
        response.setContentLength(out.size());
        if ("GET".equals(request.getMethod())) response.getOutputStream().write(out.toByteArray());
    }

    /** The request with format names turned into the media types Fuseki understands. */
    private static final class MediaTypeNames extends HttpServletRequestWrapper {
        MediaTypeNames(HttpServletRequest request) {
            super(request);
        }

        @Override
        public String getParameter(String name) {
            String[] values = getParameterValues(name);
            return values == null || values.length == 0 ? null : values[0];
        }

        @Override
        public String[] getParameterValues(String name) {
            String[] values = super.getParameterValues(name);
            if (values == null || !FORMAT_PARAMETERS.contains(name)) return values;
            return Arrays.stream(values).map(MediaTypeNames::expand).toArray(String[]::new);
        }

        @Override
        public Map<String, String[]> getParameterMap() {
            Map<String, String[]> map = new HashMap<>(super.getParameterMap());
            map.replaceAll((name, values) -> FORMAT_PARAMETERS.contains(name) ? getParameterValues(name) : values);
            return Collections.unmodifiableMap(map);
        }

        private static String expand(String value) {
            return NAMES.getOrDefault(value.strip().toLowerCase(Locale.ROOT), value);
        }
    }
}
