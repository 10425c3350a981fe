package org.regiokg.web;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

import io.javalin.http.Context;

import java.net.URLEncoder;

import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryCancelledException;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.syntax.syntaxtransform.QueryTransformOps;
import org.regiokg.sparql.SparqlFile;
import org.apache.jena.riot.RDFDataMgr;
import org.regiokg.http.Offer;
import org.regiokg.questions.Answer;
import org.regiokg.questions.ParameterType;
import org.regiokg.questions.Question;
import org.regiokg.questions.QuestionParser;
import org.regiokg.questions.QuestionRunner;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Linked Data: the server answers for its own IRIs. {@code /id/{kind}/{slug}} is the thing
 * {@code https://w3id.org/regiokg/id/{kind}/{slug}}; {@code /def} the ontology
 * {@code https://w3id.org/regiokg/def}, and {@code /def/{Term}} (or {@code /def?term=Term}) the
 * term {@code https://w3id.org/regiokg/def#Term}.
 *
 * <p>The route table negotiates one of the {@link ThingFormat}s by {@code Accept} (or
 * {@code format=html|ttl|jsonld|nt|rdf}): an HTML page for a browser, Turtle, JSON-LD, N-Triples or
 * RDF/XML for a client.
 * An IRI the graph knows nothing about is 404. The data comes from the system query
 * {@code describe-thing.rq} beside this class (not the public question of the same name, which users
 * may edit or delete), run by the same {@link QuestionRunner} as the API: the statements with the
 * thing as subject or object, each with its source graph and readable labels.
 */
public final class LinkedData {
    private static final Logger LOG = LoggerFactory.getLogger(LinkedData.class);
    /** Read when the class loads: a broken file fails the start, not a page. */
    private static final Question DESCRIBE = QuestionParser.resource(LinkedData.class, "describe-thing.rq");
    /** The rest of the statements pointing at a thing, linked from its page when there are more. */
    private static final SparqlFile INCOMING_QUERY = SparqlFile.resource(LinkedData.class, "incoming.rq");
    /**
     * Statements pointing at a thing that a page shows (describe-thing.rq fetches one more): a
     * district has one per seat in it, tens of thousands, and a page must stay within 100 ms.
     */
    static final int INCOMING = 200;
    /** Where things and the ontology are served (the route table mounts them there). */
    public static final String ID_PATH = Links.ID_PATH;
    public static final String DEF_PATH = Links.DEF_PATH;
    /** Path segments of a thing: what the slugs are made of, nothing that could leave the namespace. */
    private static final Pattern ID_PATH_INFO = Pattern.compile("(/[A-Za-z0-9][A-Za-z0-9._~-]*)+");
    private static final Pattern TERM = Pattern.compile("[A-Za-z_][A-Za-z0-9_.-]*");

    private final QuestionRunner runner;

    public LinkedData(QuestionRunner runner) {
        this.runner = runner;
    }

    /** {@code GET /id/...} and {@code /def...} in the format the route table negotiated. */
    public void get(Context ctx, Offer offer) {
        ThingFormat format = ThingFormat.of(offer);
        Optional<String> iri = thingIri(ctx);
        if (iri.isEmpty()) {
            notFound(ctx, format, ctx.path());
            return;
        }
        if (iri.get().length() > ParameterType.MAX_LENGTH) {
            // No thing of ours has an IRI this long, and the describe query takes none (it was a 500).
            notFound(ctx, format, "an IRI of " + iri.get().length() + " characters (at most " + ParameterType.MAX_LENGTH + " are served)");
            return;
        }
        Answer answer;
        try {
            answer = runner.run(DESCRIBE, Map.of("thing", List.of(iri.get()), QuestionRunner.LIMIT, List.of(String.valueOf(QuestionRunner.MAX_PAGE_SIZE))));
        } catch (QueryCancelledException e) {
            text(ctx, 503, "The query timed out.");
            return;
        }
        String thing = iri.get();
        Statements statements = Statements.of(thing, answer).bounded(INCOMING, () -> incomingLink(thing, INCOMING));
        if (statements.isEmpty()) {
            notFound(ctx, format, iri.get());
            return;
        }
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        if (format == ThingFormat.HTML) {
            String lang = "en".equals(ctx.queryParam("lang")) ? "en" : "de";
            body.writeBytes(ThingPage.render(statements, lang, Links.href(iri.get())).getBytes(StandardCharsets.UTF_8));
        } else {
            RDFDataMgr.write(body, statements.graph(), format.rdf);
        }
        ctx.status(200);
        ctx.contentType(format.mediaType + "; charset=utf-8");
        ctx.header("Link", alternates(Links.href(iri.get())));
        ctx.result(body.toByteArray());
    }

    /** A link to /kg/sparql listing the statements pointing at {@code iri} from the {@code offset}th on, a page of {@link #INCOMING}. */
    static String incomingLink(String iri, long offset) {
        Query query = QueryTransformOps.replaceVars(INCOMING_QUERY.query(), Map.of(Var.alloc("_thing_iri"), NodeFactory.createURI(iri)));
        query.setOffset(offset);
        query.setLimit(INCOMING);
        return "/kg/sparql?query=" + URLEncoder.encode(query.serialize(), StandardCharsets.UTF_8);
    }

    /** The IRI a request path stands for, if it is one of ours. */
    static Optional<String> thingIri(Context ctx) {
        String path = ctx.path();
        if (path.startsWith(ID_PATH + "/")) {
            String info = path.substring(ID_PATH.length());
            if (!ID_PATH_INFO.matcher(info).matches() || info.split("/").length < 3) return Optional.empty();
            return Optional.of(Links.ID + info.substring(1));
        }
        String info = path.length() > DEF_PATH.length() ? path.substring(DEF_PATH.length()) : null;
        String term = ctx.queryParam("term");
        if (info == null || info.equals("/")) {
            if (term == null || term.isBlank()) return Optional.of(Links.ONTOLOGY);
        } else {
            if (term != null) return Optional.empty();
            term = info.substring(1);
        }
        return TERM.matcher(term).matches() ? Optional.of(Links.DEF + term) : Optional.empty();
    }

    /** The other representations of the page at {@code path} (the thing's canonical local path). */
    private static String alternates(String path) {
        StringBuilder links = new StringBuilder();
        for (ThingFormat f : ThingFormat.values()) {
            if (links.length() > 0) links.append(", ");
            links.append('<').append(path).append("?format=").append(f.shortName)
                 .append(">; rel=\"alternate\"; type=\"").append(f.mediaType).append('"');
        }
        return links.toString();
    }

    private static void notFound(Context ctx, ThingFormat format, String what) {
        if (format == ThingFormat.HTML) {
            ctx.status(404);
            ctx.contentType("text/html; charset=utf-8");
            ctx.result(ThingPage.notFound(what).getBytes(StandardCharsets.UTF_8));
        } else {
            text(ctx, 404, "Not found: the graph says nothing about " + what);
        }
    }

    private static void text(Context ctx, int status, String message) {
        if (status >= 500) LOG.warn("{}", message);
        ctx.status(status);
        ctx.contentType("text/plain; charset=utf-8");
        ctx.result(message + "\n");
    }
}
