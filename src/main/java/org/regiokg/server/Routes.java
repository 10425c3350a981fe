package org.regiokg.server;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

import io.javalin.http.Context;
import io.javalin.http.Handler;

import jakarta.servlet.http.HttpServlet;

import org.regiokg.http.Offer;

/**
 * The rows of a route table: for each route its method, path, who may call it, the formats it
 * offers and what answers it. What every route shares (negotiation, HEAD, 405, problems, CORS) is
 * applied from these rows by {@link RouteDispatch} and {@link CrossOrigin}, never by a handler.
 *
 * <p>Paths are in Javalin's syntax: {@code {name}} is one segment, {@code <name>} the rest of the
 * path, a trailing {@code *} anything below.
 */
final class Routes {
    /** Who may call a route. */
    enum Access {
        /** Anyone, from any origin: answers carry CORS headers, preflights are answered. */
        PUBLIC,
        /** Anyone, from this site's own pages: no CORS headers. */
        PAGE,
        /** The admin user (Basic auth, only when a password is configured), from this site only. */
        ADMIN
    }

    /** What answers a route: the request and the format negotiation chose (null where the route offers none). */
    @FunctionalInterface
    interface Answer {
        void handle(Context ctx, Offer format) throws Exception;
    }

    /** Who serves a route: the route table's Javalin app, a servlet of files, or Fuseki. */
    enum ServedBy { TABLE, FILES, FUSEKI }

    /** What the handlers hold that must stop with the server (background work reading the store). */
    private final List<Runnable> onClose = new java.util.ArrayList<>();

    Routes closing(Runnable stop) {
        onClose.add(stop);
        return this;
    }

    void close() {
        onClose.forEach(Runnable::run);
    }

    /** One row. */
    record Route(String method, String path, Access access, ServedBy servedBy, Function<Context, List<Offer>> offers,
                 Answer answer, HttpServlet servlet) {
        boolean matches(String requestPath) {
            return pattern(path).matcher(requestPath).matches();
        }

        private static Pattern pattern(String path) {
            StringBuilder re = new StringBuilder();
            for (String part : path.split("(?=[{<*])|(?<=[}>*])")) {
                if (part.startsWith("{")) re.append("[^/]+");
                else if (part.startsWith("<")) re.append(".+");
                else if (part.equals("*")) re.append(".*");
                else re.append(Pattern.quote(part));
            }
            return Pattern.compile(re.toString());
        }
    }

    private final List<Route> rows = new ArrayList<>();

    // ---- the fluent table ----

    /** A route answered by the table's app, the same handler for every format. */
    RouteBuilder get(String path, Handler handler) {
        return route("GET", path, (ctx, format) -> handler.handle(ctx));
    }

    /** A route answered by the table's app, given the format negotiation chose. */
    RouteBuilder get(String path, Answer answer) {
        return route("GET", path, answer);
    }

    RouteBuilder post(String path, Handler handler) {
        return route("POST", path, (ctx, format) -> handler.handle(ctx));
    }

    RouteBuilder route(String method, String path, Answer answer) {
        return new RouteBuilder(method, path, ServedBy.TABLE, answer, null);
    }

    /** Files below {@code path} (ending in {@code /*}) from a servlet; GET and HEAD. */
    RouteBuilder files(String path, HttpServlet servlet) {
        return new RouteBuilder("GET", path, ServedBy.FILES, null, servlet);
    }

    /** A route Fuseki answers itself; listed for its access rules (CORS, same origin, login). */
    RouteBuilder fuseki(String method, String path) {
        return new RouteBuilder(method, path, ServedBy.FUSEKI, null, null);
    }

    final class RouteBuilder {
        private final String method;
        private final String path;
        private final ServedBy servedBy;
        private final Answer answer;
        private final HttpServlet servlet;
        private Function<Context, List<Offer>> offers = ctx -> List.of();

        private RouteBuilder(String method, String path, ServedBy servedBy, Answer answer, HttpServlet servlet) {
            this.method = method;
            this.path = path;
            this.servedBy = servedBy;
            this.answer = answer;
            this.servlet = servlet;
        }

        /** The formats offered, the default first. */
        RouteBuilder formats(List<Offer> offered) {
            List<Offer> list = List.copyOf(offered);
            this.offers = ctx -> list;
            return this;
        }

        /** Formats that depend on the request (a question's formats depend on the question). */
        RouteBuilder formats(Function<Context, List<Offer>> offered) {
            this.offers = offered;
            return this;
        }

        RouteBuilder json() {
            return formats(List.of(Offer.of("application/json", "json")));
        }

        RouteBuilder html() {
            return formats(List.of(Offer.of("text/html", "html")));
        }

        Routes publicRead() {
            return add(Access.PUBLIC);
        }

        Routes page() {
            return add(Access.PAGE);
        }

        Routes admin() {
            return add(Access.ADMIN);
        }

        private Routes add(Access access) {
            rows.add(new Route(method, path, access, servedBy, offers, answer, servlet));
            return Routes.this;
        }
    }

    // ---- questions the mechanisms ask ----

    List<Route> all() {
        return List.copyOf(rows);
    }

    /** The rows whose path fits, in table order; file trees (which may catch everything) last. */
    List<Route> at(String requestPath) {
        List<Route> here = new ArrayList<>(rows.stream().filter(r -> r.matches(requestPath)).toList());
        here.sort(java.util.Comparator.comparing(r -> r.servedBy() == ServedBy.FILES));
        return here;
    }

    /** The methods a path answers, for {@code Allow}: HEAD wherever GET is. */
    Set<String> methodsAt(String requestPath) {
        Set<String> methods = new LinkedHashSet<>();
        for (Route r : at(requestPath)) {
            if (r.servedBy() == ServedBy.FILES) continue;
            methods.add(r.method());
            if (r.method().equals("GET")) methods.add("HEAD");
        }
        return methods;
    }

    /** The access of a request: that of its method's row, else of the path's first row; empty for paths not in the table. */
    Optional<Access> access(String method, String requestPath) {
        List<Route> here = at(requestPath);
        String m = method.equals("HEAD") ? "GET" : method;
        return here.stream().filter(r -> r.method().equals(m)).findFirst().or(() -> here.stream().findFirst()).map(Route::access);
    }

    /** The paths that need the admin's login. */
    List<String> adminPaths() {
        return rows.stream().filter(r -> r.access() == Access.ADMIN && r.servedBy() != ServedBy.FUSEKI).map(Route::path).distinct().toList();
    }

    /**
     * Where the table's app is mounted in the servlet container: one mapping per first path
     * segment, {@code /seg/*} when routes go below it, {@code /seg} for a route that is the segment.
     */
    Set<String> servletMappings() {
        Set<String> mappings = new LinkedHashSet<>();
        for (Route r : rows) {
            if (r.servedBy() != ServedBy.TABLE) continue;
            String[] segments = r.path().split("/");
            String first = "/" + segments[1];
            mappings.add(segments.length > 2 ? first + "/*" : first);
        }
        return mappings;
    }
}
