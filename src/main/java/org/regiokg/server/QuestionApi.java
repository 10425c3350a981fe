package org.regiokg.server;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.function.Supplier;

import io.javalin.http.Context;

import org.regiokg.http.Offer;
import org.regiokg.problem.Finding;
import org.regiokg.questions.Answer;
import org.regiokg.questions.AnswerFormat;
import org.regiokg.questions.InvalidArguments;
import org.regiokg.questions.Parameter;
import org.regiokg.questions.Question;
import org.regiokg.questions.QuestionCatalogue;
import org.regiokg.questions.QuestionRunner;

/**
 * The predefined questions over HTTP: the catalogue, one operation per question, its OpenAPI
 * description and a browsable page of it. All the logic of a question is in its query file.
 */
final class QuestionApi {
    private final String apiPath;
    private final String questionsPath;
    private final QuestionCatalogue catalogue;
    private final QuestionRunner runner;
    private final Supplier<String> dataVersion;
    private final AnswerCache cache = new AnswerCache();
    private Versions versions;

    /** The change log and the store it rebuilds earlier versions from (org.regiokg.history). */
    record Versions(org.regiokg.history.ChangeLog log, org.apache.jena.sparql.core.DatasetGraph dataset, String changesPath) {}

    QuestionApi versions(Versions v) {
        this.versions = v;
        return this;
    }

    /**
     * {@code apiPath}: where the API is mounted (the questions are at {@code apiPath/questions});
     * {@code dataVersion}: changes whenever the data does; answers are cached and tagged by it.
     */
    QuestionApi(String apiPath, QuestionCatalogue catalogue, QuestionRunner runner, Supplier<String> dataVersion) {
        this.apiPath = apiPath;
        this.questionsPath = apiPath + "/questions";
        this.catalogue = catalogue;
        this.runner = runner;
        this.dataVersion = dataVersion;
    }

    void list(Context ctx) {
        List<Map<String, Object>> questions = new ArrayList<>();
        for (Question q : catalogue.all()) questions.add(describe(q));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("questions", questions);
        if (!catalogue.problems().isEmpty()) body.put("leftOut", catalogue.problems());
        ctx.json(body);
    }

    void openApi(Context ctx) {
        ctx.json(OpenApiDocument.of(catalogue.all(), apiPath, new OpenApiExamples(catalogue.directory())::of));
    }

    void docs(Context ctx) {
        ctx.html(docsPage());
    }

    private Map<String, Object> describe(Question q) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("name", q.name());
        d.put("summary", q.summary());
        d.put("description", q.description());
        d.put("tags", q.tags());
        d.put("queryType", q.queryType());
        d.put("href", questionsPath + "/" + q.name());
        List<Map<String, Object>> params = new ArrayList<>();
        for (Parameter p : q.parameters()) {
            Map<String, Object> pd = new LinkedHashMap<>();
            pd.put("name", p.name());
            pd.put("type", p.type().label());
            pd.put("required", p.requiredOfCaller());
            p.defaultValue().ifPresent(v -> pd.put("default", v));
            p.description().ifPresent(v -> pd.put("description", v));
            params.add(pd);
        }
        d.put("parameters", params);
        d.put("formats", AnswerFormat.offeredFor(q).stream().map(AnswerFormat::mediaType).toList());
        return d;
    }

    /** The formats of the question named in the path, the default first; an unknown question is a 404. */
    List<Offer> offers(Context ctx) {
        return AnswerFormat.offeredFor(question(ctx)).stream()
                .map(f -> Offer.of(f.mediaType(), f.shortName(), f.name().toLowerCase(Locale.ROOT))).toList();
    }

    private Question question(Context ctx) {
        String name = ctx.pathParam("name");
        return catalogue.find(name).orElseThrow(() -> new ProblemException(
                Problem.of(404, "unknown-question", "Unknown question",
                        "There is no question '" + name + "'; GET " + questionsPath + " lists them.")));
    }

    /** Runs the question in the format the route table negotiated from {@link #offers}. */
    void ask(Context ctx, Offer offer) {
        Question question = question(ctx);
        String name = question.name();
        AnswerFormat format = AnswerFormat.named(offer.mediaType(), question).orElseThrow();
        // Same question file, arguments, format and data: same answer. The ETag says so to clients
        // (If-None-Match gets a 304), the cache answers without running the query again.
        // The answer names its version (RegioKG-Version) and a citable address pinned to it (Content-Location);
        // ?version=N answers as of version N (see org.regiokg.history.AsOf).
        long version = versions == null ? -1 : version(ctx);
        if (version >= 0) {
            ctx.header(ChangesApi.VERSION_HEADER, Long.toString(version));
            ctx.header("Content-Location", pinned(ctx, version));
        }
        String key = question.fingerprint() + "|" + canonicalArguments(ctx) + "|" + format + "|"
                + (ctx.queryParam(VERSION) != null ? "v" + version : dataVersion.get());
        String etag = "\"" + Integer.toHexString(key.hashCode()) + "-" + key.substring(key.lastIndexOf('|') + 1) + "\"";
        ctx.header("ETag", etag);
        String ifNoneMatch = ctx.header("If-None-Match");
        if (ifNoneMatch != null && (ifNoneMatch.contains(etag) || ifNoneMatch.trim().equals("*"))) {
            ctx.status(304);
            return;
        }
        String cacheControl = ctx.header("Cache-Control");
        AnswerCache.Entry cached = cacheControl != null && cacheControl.contains("no-cache") ? null : cache.get(key);
        if (cached == null) {
            cached = answer(ctx, question, format, name, version);
            cache.put(key, cached);
        }
        if (cached.link() != null) ctx.header("Link", cached.link());
        ctx.contentType(cached.contentType());
        ctx.result(cached.body());
    }

    private AnswerCache.Entry answer(Context ctx, Question question, AnswerFormat format, String name, long version) {
        Answer answer;
        try {
            Map<String, List<String>> arguments = new LinkedHashMap<>(ctx.queryParamMap());
            QuestionRunner asked = runner;
            if (arguments.remove(VERSION) != null) {
                try {
                    asked = new QuestionRunner(org.regiokg.history.AsOf.at(versions.dataset(), versions.log(), version, versions.log().retention()));
                } catch (org.regiokg.history.Revert.Refused e) {
                    throw ChangesApi.refused(e);
                }
            }
            answer = asked.run(question, arguments);
        } catch (InvalidArguments e) {
            throw new ProblemException(Problem.of(400, "invalid-arguments", "Invalid arguments",
                            "The arguments do not fit the question '" + name + "': " + e.getMessage())
                    .withFindings(e.findings()));
        }
        // Written to memory first, so that an error while writing is still a problem document, not a cut-off body.
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        format.write(answer, body);
        return new AnswerCache.Entry(body.toByteArray(), format.mediaType() + "; charset=utf-8", links(ctx, answer));
    }

    static final String VERSION = "version";

    /** The version asked for (?version=N), or the current one. */
    private long version(Context ctx) {
        String v = ctx.queryParam(VERSION);
        long current = versions.log().version();
        if (v == null) return current;
        try {
            long n = Long.parseLong(v.trim());
            if (n >= 0 && n <= current) return n;
        } catch (NumberFormatException ignored) {
            // answered below
        }
        throw new ProblemException(Problem.of(400, "invalid-arguments", "Invalid arguments",
                "version '" + v + "' is not a version of the data; versions run from 0 to " + current + " (" + versions.changesPath() + " lists them).")
                .withFindings(List.of(Finding.parameter(VERSION, "is a whole number from 0 to " + current))));
    }

    /** This request's address with ?version=N: the same answer, whatever is written later. */
    private static String pinned(Context ctx, long version) {
        StringBuilder url = new StringBuilder(ctx.path()).append('?');
        new java.util.TreeMap<>(ctx.queryParamMap()).forEach((k, values) -> {
            if (k.equals(VERSION)) return;
            for (String v : values) url.append(enc(k)).append('=').append(enc(v)).append('&');
        });
        return url.append(VERSION).append('=').append(version).toString();
    }

    /** The arguments in a stable order, whatever order the client wrote them in. */
    private static String canonicalArguments(Context ctx) {
        return new java.util.TreeMap<>(ctx.queryParamMap()).toString();
    }

    /** RFC 8288 links to the first, previous and next pages; the other arguments are kept. */
    private static String links(Context ctx, Answer answer) {
        Answer.Page page = answer.page();
        if (page == null) return null;
        List<String> links = new ArrayList<>();
        links.add(link(ctx, new Answer.Page(0, page.limit()), "first"));
        if (page.offset() > 0) links.add(link(ctx, page.previous(), "prev"));
        if (answer.hasMore()) links.add(link(ctx, page.next(), "next"));
        return String.join(", ", links);
    }

    private static String link(Context ctx, Answer.Page page, String rel) {
        StringBuilder url = new StringBuilder(ctx.path()).append('?');
        ctx.queryParamMap().forEach((k, values) -> {
            if (k.equals(QuestionRunner.LIMIT) || k.equals(QuestionRunner.OFFSET)) return;
            for (String v : values) url.append(enc(k)).append('=').append(enc(v)).append('&');
        });
        url.append("limit=").append(page.limit()).append("&offset=").append(page.offset());
        return "<" + url + ">; rel=\"" + rel + "\"";
    }

    private static String enc(String s) {
        return java.net.URLEncoder.encode(s, java.nio.charset.StandardCharsets.UTF_8);
    }

    private String docsPage() {
        return """
                <!DOCTYPE html>
                <html lang="en"><head><meta charset="utf-8"><title>RegioKG API</title>
                <link rel="stylesheet" href="%s"></head>
                <body><div id="swagger-ui"></div>
                <script src="%s"></script>
                <script>window.ui = SwaggerUIBundle({ url: "%s", dom_id: "#swagger-ui", deepLinking: true });</script>
                </body></html>
                """.formatted(WebJars.url("swagger-ui", "swagger-ui.css"), WebJars.url("swagger-ui", "swagger-ui-bundle.js"),
                apiPath + "/openapi.json");
    }
}
