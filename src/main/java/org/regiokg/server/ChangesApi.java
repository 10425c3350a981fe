package org.regiokg.server;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.javalin.http.Context;

import org.regiokg.history.ChangeLog;
import org.regiokg.history.ChangeSet;
import org.regiokg.history.Revert;
import org.regiokg.http.Offer;
import org.regiokg.problem.Finding;
import org.regiokg.storage.Store;

/**
 * The change log over HTTP: {@code GET /api/changes?since=N} (the change sets after version N, paged),
 * {@code GET /api/changes/N} (one change set as an RDF Patch, or its summary as JSON),
 * {@code GET /api/changes.atom} (the newest, as an Atom feed) and, for the admin,
 * {@code POST /api/changes/N/revert}. Every answer carries the data's version in {@code RegioKG-Version}.
 */
final class ChangesApi {
    static final String VERSION_HEADER = "RegioKG-Version";
    static final String PATCH = "application/rdf-patch";
    static final List<Offer> PATCH_FORMATS = List.of(Offer.of(PATCH, "patch", "rdfp"), Offer.of("application/json", "json"));
    static final List<Offer> ATOM = List.of(Offer.of("application/atom+xml", "atom"));
    private static final int PAGE = 100;
    private static final int MAX_PAGE = 1000;

    private final String path;
    private final Store store;
    private final String adminUser;
    private final boolean enabled;

    /** @param path where the feed is served ({@code /api/changes}); change sets are below it */
    ChangesApi(String path, Store store, String adminUser, boolean enabled) {
        this.path = path;
        this.store = store;
        this.adminUser = adminUser;
        this.enabled = enabled;
    }

    private ChangeLog log() {
        return store.changes();
    }

    void list(Context ctx) {
        long since = number(ctx, "since", 0, 0);
        int limit = (int) number(ctx, "limit", PAGE, 1);
        if (limit > MAX_PAGE) throw invalid("limit", "is at most " + MAX_PAGE);
        ChangeLog log = log();
        long version = log.version();
        List<ChangeSet> sets = log.since(since, limit + 1);
        boolean more = sets.size() > limit;
        if (more) sets = sets.subList(0, limit);
        List<Map<String, Object>> changes = new ArrayList<>();
        for (ChangeSet s : sets) changes.add(describe(s));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("version", version);
        body.put("since", since);
        body.put("changes", changes);
        if (more) {
            String next = path + "?since=" + sets.get(sets.size() - 1).sequence() + "&limit=" + limit;
            body.put("next", next);
            ctx.header("Link", "<" + next + ">; rel=\"next\"");
        }
        versioned(ctx, version);
        ctx.json(body);
    }

    void get(Context ctx, Offer format) {
        ChangeSet set = changeSet(ctx);
        versioned(ctx, log().version());
        // A change set never changes: cache it for good.
        ctx.header("Cache-Control", "public, max-age=31536000, immutable");
        if (format != null && format.mediaType().equals("application/json")) {
            ctx.json(describe(set));
            return;
        }
        ctx.header("Content-Disposition", "inline; filename=\"change-" + set.sequence() + ".rdfp\"");
        ctx.contentType(PATCH + "; charset=utf-8");
        ctx.result(log().patch(set.sequence()));
    }

    void atom(Context ctx) {
        ChangeLog log = log();
        long version = log.version();
        List<ChangeSet> newest = new ArrayList<>(log.since(Math.max(0, version - 50), 50));
        java.util.Collections.reverse(newest);
        String base = ctx.scheme() + "://" + ctx.host();
        StringBuilder x = new StringBuilder("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\">\n");
        x.append("  <id>").append(esc(base + path)).append("</id>\n  <title>RegioKG: what changed</title>\n");
        x.append("  <updated>").append(newest.isEmpty() ? java.time.Instant.EPOCH : newest.get(0).created()).append("</updated>\n");
        x.append("  <link rel=\"self\" href=\"").append(esc(base + path + ".atom")).append("\"/>\n");
        for (ChangeSet s : newest) {
            String href = base + path + "/" + s.sequence();
            x.append("  <entry>\n    <id>urn:x-regiokg:change:").append(s.sequence()).append("</id>\n");
            x.append("    <title>").append(esc("Version " + s.sequence() + ": " + s.by().why() + " by " + s.by().who())).append("</title>\n");
            x.append("    <updated>").append(s.created()).append("</updated>\n");
            x.append("    <author><name>").append(esc(s.by().who())).append("</name></author>\n");
            x.append("    <link rel=\"alternate\" type=\"").append(PATCH).append("\" href=\"").append(esc(href)).append("\"/>\n");
            x.append("    <summary>").append(esc(s.added() + " statements added, " + s.removed() + " removed (of them derived: "
                    + s.derived().added() + " added, " + s.derived().removed() + " removed) in " + s.graphs().size() + " graph(s); "
                    + s.by().via())).append("</summary>\n  </entry>\n");
        }
        x.append("</feed>\n");
        versioned(ctx, version);
        ctx.contentType("application/atom+xml; charset=utf-8");
        ctx.result(x.toString());
    }

    void revert(Context ctx) {
        if (!enabled)
            throw new ProblemException(Problem.of(403, "writes-disabled", "Reverts are disabled",
                    "Reverts need the admin user, and the server has no admin password configured."));
        String user = ctx.req().getRemoteUser();
        if (!adminUser.equals(user))
            throw new ProblemException(Problem.of(401, "unauthorized", "Login required", "Reverts are for the admin user."));
        ChangeSet set = changeSet(ctx);
        Revert.Result r;
        try {
            r = Revert.revert(store.dataset(), log(), set.sequence(), user);
        } catch (Revert.Refused e) {
            throw refused(e);
        }
        versioned(ctx, log().version());
        ctx.status(201);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("reverted", set.sequence());
        body.put("sequence", r.sequence());
        body.put("removed", r.removed());
        body.put("added", r.added());
        body.put("href", path + "/" + r.sequence());
        ctx.json(body);
    }

    static ProblemException refused(Revert.Refused e) {
        String slug = e.status() == 404 ? "unknown-version" : e.status() == 422 ? "version-too-old" : "revert-refused";
        return new ProblemException(Problem.of(e.status(), slug, e.status() == 409 ? "Revert refused" : "Version not available", e.getMessage())
                .withFindings(e.reasons().stream().map(Finding::file).toList()));
    }

    static void versioned(Context ctx, long version) {
        ctx.header(VERSION_HEADER, Long.toString(version));
    }

    private Map<String, Object> describe(ChangeSet s) {
        Map<String, Object> m = s.heading();
        m.put("added", s.added());
        m.put("removed", s.removed());
        m.put("derivedAdded", s.derived().added());
        m.put("derivedRemoved", s.derived().removed());
        Map<String, Object> graphs = new LinkedHashMap<>();
        s.graphs().forEach((g, c) -> graphs.put(g, Map.of("added", c.added(), "removed", c.removed())));
        m.put("graphs", graphs);
        m.put("bytes", s.bytes());
        m.put("href", path + "/" + s.sequence());
        return m;
    }

    private ChangeSet changeSet(Context ctx) {
        String raw = ctx.pathParam("sequence");
        long n;
        try {
            n = Long.parseLong(raw);
        } catch (NumberFormatException e) {
            throw invalid("sequence", "'" + raw + "' is not a change set number");
        }
        return log().get(n).orElseThrow(() -> new ProblemException(Problem.of(404, "unknown-change", "Unknown change set",
                "There is no change set " + n + "; the log runs to version " + log().version() + " (" + path + " lists them).")));
    }

    private static long number(Context ctx, String name, long fallback, long min) {
        String v = ctx.queryParam(name);
        if (v == null || v.isBlank()) return fallback;
        try {
            long n = Long.parseLong(v.trim());
            if (n < min) throw invalid(name, "is at least " + min);
            return n;
        } catch (NumberFormatException e) {
            throw invalid(name, "'" + v + "' is not a whole number");
        }
    }

    private static ProblemException invalid(String parameter, String message) {
        return new ProblemException(Problem.of(400, "invalid-arguments", "Invalid arguments", parameter + " " + message)
                .withFindings(List.of(Finding.parameter(parameter, message))));
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
