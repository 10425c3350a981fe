package org.regiokg.web;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.apache.jena.atlas.web.AcceptList;
import org.apache.jena.atlas.web.MediaType;
import org.apache.jena.fuseki.system.ConNeg;
import org.apache.jena.graph.Graph;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.graph.Triple;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.riot.Lang;
import org.apache.jena.riot.RDFDataMgr;
import org.apache.jena.riot.RDFFormat;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.graph.GraphFactory;
import org.regiokg.questions.Answer;
import org.regiokg.questions.Question;
import org.regiokg.questions.QuestionParser;
import org.regiokg.questions.QuestionRunner;
import org.regiokg.vocab.Vocabulary;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linked Data: the server answers for its own IRIs. {@code /id/{kind}/{slug}} is the thing
 * {@code https://w3id.org/regiokg/id/{kind}/{slug}}; {@code /def} the ontology
 * {@code https://w3id.org/regiokg/def}, and {@code /def/{Term}} (or {@code /def?term=Term}) the
 * term {@code https://w3id.org/regiokg/def#Term}.
 *
 * <p>Content negotiation by {@code Accept} (or {@code format=html|ttl|jsonld|nt|rdf}): an HTML page
 * for a browser, Turtle, JSON-LD, N-Triples or RDF/XML for a client; always {@code Vary: Accept}.
 * An IRI the graph knows nothing about is 404. The data comes from the system query
 * {@code describe-thing.rq} beside this class (not the public question of the same name, which users
 * may edit or delete), run by the same {@link QuestionRunner} as the API: the statements with the
 * thing as subject or object, each with its source graph and readable labels.
 */
public final class LinkedDataServlet extends HttpServlet {
    private static final Logger LOG = LoggerFactory.getLogger(LinkedDataServlet.class);
    /** Read when the class loads: a broken file fails the start, not a page. */
    private static final Question DESCRIBE = QuestionParser.resource(LinkedDataServlet.class, "describe-thing.rq");
    public static final String ID_PATH = "/id";
    public static final String DEF_PATH = "/def";
    /** Path segments of a thing: what the slugs are made of, nothing that could leave the namespace. */
    private static final Pattern ID_PATH_INFO = Pattern.compile("(/[A-Za-z0-9][A-Za-z0-9._~-]*)+");
    private static final Pattern TERM = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    /** The formats offered, HTML first (a client that takes anything gets the page). */
    enum Format {
        HTML("text/html", "html", null),
        TURTLE("text/turtle", "ttl", RDFFormat.TURTLE_PRETTY),
        JSONLD("application/ld+json", "jsonld", RDFFormat.JSONLD_PRETTY),
        NTRIPLES("application/n-triples", "nt", RDFFormat.NTRIPLES),
        RDFXML("application/rdf+xml", "rdf", RDFFormat.RDFXML_PRETTY);

        final String mediaType;
        final String shortName;
        final RDFFormat rdf;

        Format(String mediaType, String shortName, RDFFormat rdf) {
            this.mediaType = mediaType;
            this.shortName = shortName;
            this.rdf = rdf;
        }
    }

    private static final AcceptList OFFERS = AcceptList.create(
            java.util.Arrays.stream(Format.values()).map(f -> f.mediaType).toArray(String[]::new));

    private final transient QuestionRunner runner;

    public LinkedDataServlet(QuestionRunner runner) {
        this.runner = runner;
    }

    @Override
    protected void doGet(HttpServletRequest req, HttpServletResponse resp) throws IOException {
        resp.setHeader("Vary", "Accept");
        Optional<Format> format = chooseFormat(req);
        if (format.isEmpty()) {
            text(resp, 406, "Not acceptable: this resource is offered as "
                    + String.join(", ", java.util.Arrays.stream(Format.values()).map(f -> f.mediaType).toList()));
            return;
        }
        Optional<String> iri = thingIri(req);
        if (iri.isEmpty()) {
            notFound(resp, format.get(), req.getRequestURI());
            return;
        }
        Answer answer;
        try {
            answer = runner.run(DESCRIBE, Map.of("thing", List.of(iri.get()), QuestionRunner.LIMIT, List.of(String.valueOf(QuestionRunner.MAX_PAGE_SIZE))));
        } catch (QueryCancelledException e) {
            text(resp, 503, "The query timed out.");
            return;
        }
        Statements statements = Statements.of(iri.get(), answer);
        if (statements.isEmpty()) {
            notFound(resp, format.get(), iri.get());
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (format.get() == Format.HTML) {
            String lang = "en".equals(req.getParameter("lang")) ? "en" : "de";
            body.writeBytes(ThingPage.render(statements, lang, Links.href(iri.get())).getBytes(StandardCharsets.UTF_8));
        } else {
            RDFDataMgr.write(body, statements.graph(), format.get().rdf);
        }
        resp.setStatus(200);
        resp.setContentType(format.get().mediaType + "; charset=utf-8");
        resp.setHeader("Link", alternates(Links.href(iri.get())));
        resp.getOutputStream().write(body.toByteArray());
    }

    /** The IRI a request path stands for, if it is one of ours. */
    static Optional<String> thingIri(HttpServletRequest req) {
        String info = req.getPathInfo();
        if (ID_PATH.equals(req.getServletPath())) {
            if (info == null || !ID_PATH_INFO.matcher(info).matches() || info.split("/").length < 3) return Optional.empty();
            return Optional.of(Links.ID + info.substring(1));
        }
        String term = req.getParameter("term");
        if (info == null || info.equals("/")) {
            if (term == null || term.isBlank()) return Optional.of(Links.ONTOLOGY);
        } else {
            if (term != null) return Optional.empty();
            term = info.substring(1);
        }
        return TERM.matcher(term).matches() ? Optional.of(Links.DEF + term) : Optional.empty();
    }

    private static Optional<Format> chooseFormat(HttpServletRequest req) {
        String asked = req.getParameter("format");
        if (asked != null) {
            for (Format f : Format.values())
                if (f.shortName.equals(asked) || f.mediaType.equals(asked)) return Optional.of(f);
            return Optional.empty();
        }
        String accept = req.getHeader("Accept");
        if (accept == null || accept.isBlank()) return Optional.of(Format.HTML);
        MediaType chosen = ConNeg.match(accept, OFFERS);
        if (chosen == null) return Optional.empty();
        for (Format f : Format.values())
            if (f.mediaType.equals(chosen.getContentTypeStr())) return Optional.of(f);
        return Optional.of(Format.HTML);
    }

    /** The other representations of the page at {@code path} (the thing's canonical local path). */
    private static String alternates(String path) {
        StringBuilder links = new StringBuilder();
        for (Format f : Format.values()) {
            if (links.length() > 0) links.append(", ");
            links.append('<').append(path).append("?format=").append(f.shortName)
                 .append(">; rel=\"alternate\"; type=\"").append(f.mediaType).append('"');
        }
        return links.toString();
    }

    private static void notFound(HttpServletResponse resp, Format format, String what) throws IOException {
        if (format == Format.HTML) {
            resp.setStatus(404);
            resp.setContentType("text/html; charset=utf-8");
            resp.getOutputStream().write(ThingPage.notFound(what).getBytes(StandardCharsets.UTF_8));
        } else {
            text(resp, 404, "Not found: the graph says nothing about " + what);
        }
    }

    private static void text(HttpServletResponse resp, int status, String message) throws IOException {
        if (status >= 500) LOG.warn("{}", message);
        resp.setStatus(status);
        resp.setContentType("text/plain; charset=utf-8");
        resp.getOutputStream().write((message + "\n").getBytes(StandardCharsets.UTF_8));
    }

    /** The rows of describe-thing for one thing. */
    record Statements(String iri, List<Row> rows) {
        static Statements of(String iri, Answer answer) {
            List<Row> rows = answer.rows().stream().map(Row::of).toList();
            return new Statements(iri, rows);
        }

        boolean isEmpty() {
            return rows.isEmpty();
        }

        /** The statements as RDF: the thing's own (out) and those pointing at it (in), once each. */
        Graph graph() {
            Graph g = GraphFactory.createDefaultGraph();
            Node thing = NodeFactory.createURI(iri);
            for (Row r : rows) {
                if (r.out()) g.add(Triple.create(thing, r.property(), r.value()));
                else g.add(Triple.create(r.value(), r.property(), thing));
            }
            g.getPrefixMapping().setNsPrefixes(Vocabulary.PREFIXES);
            return g;
        }
    }

    /** One row of describe-thing. */
    record Row(boolean out, Node property, Node value, Node graph, Binding binding) {
        static Row of(Binding b) {
            return new Row("out".equals(str(b, "direction")), b.get(Var.alloc("property")), b.get(Var.alloc("value")),
                    b.get(Var.alloc("graph")), b);
        }

        String get(String var) {
            return str(binding, var);
        }

        private static String str(Binding b, String var) {
            Node n = b.get(Var.alloc(var));
            if (n == null) return null;
            return n.isLiteral() ? n.getLiteralLexicalForm() : n.isURI() ? n.getURI() : n.toString();
        }
    }
}
