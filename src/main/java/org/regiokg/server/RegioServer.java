package org.regiokg.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import io.javalin.http.servlet.JavalinServlet;

import org.apache.jena.atlas.web.AuthScheme;
import org.apache.jena.fuseki.auth.Auth;
import org.apache.jena.fuseki.auth.AuthPolicy;
import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.fuseki.main.JettySecurityLib;
import org.apache.jena.fuseki.server.DataService;
import org.apache.jena.fuseki.server.Operation;
import org.regiokg.ingest.CsvImporter;
import org.regiokg.link.LinkReport;
import org.regiokg.link.VoidDescription;
import org.regiokg.link.reconcile.ReconciliationService;
import org.regiokg.sparql.SystemQueries;
import org.regiokg.web.LinkedData;
import org.regiokg.ingest.CsvTable;
import org.regiokg.link.ServiceAllowList;
import org.regiokg.questions.QuestionCatalogue;
import org.regiokg.questions.QuestionRunner;
import org.regiokg.storage.Store;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process, one port: Fuseki's SPARQL endpoints for the dataset {@code kg} and its query editor,
 * and everything in the {@link RouteTable} (the API, Linked Data, the pages), all over the same
 * {@link Store}. Fuseki's Jetty runs the table's Javalin app as a servlet; Fuseki's dataset filter
 * answers {@code /kg/...} before it.
 *
 * <p>Reads are public. Writes ({@code /kg/update}, {@code /kg/data}) need the admin user and exist
 * only when an admin password is configured; no admin endpoint that changes the server is served.
 */
public final class RegioServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegioServer.class);
    public static final String DATASET = "/kg";
    public static final String ADMIN_USER = "admin";
    static final String REALM = "RegioKG";
    /** Failed admin logins a client may make before it is locked out; typos, not guesses. */
    static final int LOGIN_FREE_FAILURES = 5;
    static final Duration LOGIN_LONGEST_LOCK = Duration.ofMinutes(5);
    /** Deeper nesting than any real question needs; the parser's stack ends far beyond. */
    static final int MAX_NESTING = 64;
    /** Answers are held until complete (so a timeout can still be a 503): in memory up to this size, then in a file. */
    static final int HELD_BACK_BYTES = 16 * 1024 * 1024;

    private final FusekiServer fuseki;
    private final Store store;

    private final boolean loopbackOnly;

    private final Routes routes;

    /** The warm-up's run of the questions marked {@code warm: true}; done at once when there is none. */
    private final java.util.concurrent.CompletableFuture<List<String>> warmUp;

    private final QuestionRunner runner;

    private RegioServer(FusekiServer fuseki, Store store, boolean loopbackOnly, Routes routes, QuestionRunner runner,
                        java.util.concurrent.CompletableFuture<List<String>> warmUp) {
        this.routes = routes;
        this.runner = runner;
        this.warmUp = warmUp;
        this.fuseki = fuseki;
        this.store = store;
        this.loopbackOnly = loopbackOnly;
    }

    public static Builder builder(Store store) {
        return new Builder(store);
    }

    /** The system queries being read on a thread of their own (see {@link #prepare()}); null until then. */
    private static volatile java.util.concurrent.CompletableFuture<Void> systemQueries;

    /**
     * Starts what a server's start needs and the store does not, on a second thread, while the caller
     * opens the store: reading the system queries (the classes beside them) and loading the web
     * server's classes. {@link Builder#build()} waits for it and fails as it would have.
     */
    public static void prepare() {
        if (systemQueries == null)
            systemQueries = org.regiokg.startup.StartupTasks.run(() -> {
                checkSystemQueries();
                SystemQueries.check(FusekiServer.class, JavalinServlet.class, org.eclipse.jetty.server.Server.class);
            });
    }

    /** The system queries of everything this server answers with, read and checked now, not at a first request. */
    private static void checkSystemQueries() {
        SystemQueries.check(LinkedData.class, ReconciliationService.class, VoidDescription.class, LinkReport.class,
                CsvImporter.class, ReconciliationExtension.class, PlaceConditions.class);
    }

    private static void awaitSystemQueries() {
        var prepared = systemQueries;
        if (prepared == null) {
            checkSystemQueries();
            return;
        }
        org.regiokg.startup.StartupTasks.joined(prepared);
    }

    public RegioServer start() {
        fuseki.start();
        if (loopbackOnly)
            LOG.info("RegioKG serves on http://localhost:{}/ (SPARQL at {}/sparql, API at {}); localhost only", port(), DATASET, RouteTable.API);
        else
            LOG.warn("RegioKG serves on port {} of EVERY network interface (SPARQL at {}/sparql, API at {}); put a TLS proxy in front of it",
                    port(), DATASET, RouteTable.API);
        return this;
    }

    public int port() {
        return fuseki.getHttpPort();
    }

    /** The host the server listens on: "localhost", or null for every interface. */
    public String listenHost() {
        return ((org.eclipse.jetty.server.ServerConnector) fuseki.getJettyServer().getConnectors()[0]).getHost();
    }

    public Store store() {
        return store;
    }

    /** The buffer each response is written through, the smallest over the connectors (ResponseBuffers). */
    int outputBufferBytes() {
        return ResponseBuffers.smallest(fuseki.getJettyServer());
    }

    public void join() {
        fuseki.join();
    }

    /** The names of the questions the start ran ahead ({@link Builder#warmUp}), once they have run. */
    public java.util.concurrent.CompletableFuture<List<String>> warmedUp() {
        return warmUp;
    }

    /** Stops the server; the store stays open for its owner to close (after the warm-up's read, stopped and waited for). */
    @Override
    public void close() {
        fuseki.stop();
        routes.close();
        runner.stopWarmUp();
        try {
            warmUp.get(WARM_UP_WAIT.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            LOG.warn("The start's warm-up is still running; closing anyway");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (java.util.concurrent.ExecutionException e) {
            // Logged where it ran.
        }
    }

    /** How long {@link #close()} waits for a warm-up it has stopped (its query ends at the next row it reads). */
    private static final Duration WARM_UP_WAIT = Duration.ofSeconds(30);

    public static final class Builder {
        private final Store store;
        private int port = 8080;
        private Optional<String> adminPassword = Optional.empty();
        private Duration queryTimeout = Duration.ofSeconds(30);
        private boolean loopbackOnly = true;
        private Path queriesDir = Path.of("queries");
        private QuestionCatalogue catalogue;
        private CsvImporter importer;
        /** Null for none: ServiceAllowList.none() builds an HTTP client, made only when it is the one used. */
        private ServiceAllowList serviceAllowList;
        private long maxQueryBytes = 128 * 1024;
        private int answerMemoryBytes = HELD_BACK_BYTES;
        private Duration loginFirstLock = Duration.ofSeconds(1);
        private Optional<String> publicUrl = Optional.empty();
        private boolean warmUp;

        private Builder(Store store) {
            this.store = Objects.requireNonNull(store);
        }

        /** The port to listen on; 0 picks a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Enables the write endpoints for the user {@value RegioServer#ADMIN_USER} with this password. */
        public Builder adminPassword(String password) {
            this.adminPassword = Optional.ofNullable(password).filter(p -> !p.isBlank());
            return this;
        }

        public Builder queryTimeout(Duration timeout) {
            this.queryTimeout = timeout;
            return this;
        }

        /** The importer behind {@code POST /api/imports} (admin only). */
        public Builder importer(CsvImporter importer) {
            this.importer = importer;
            return this;
        }

        /** The folder of question files ({@code queries/}), read again when it changes. */
        public Builder queries(Path dir) {
            this.queriesDir = dir;
            this.catalogue = null;
            return this;
        }

        /** The questions, made (and being read ahead) by the caller, e.g. while it opened the store. */
        public Builder catalogue(QuestionCatalogue catalogue) {
            this.catalogue = Objects.requireNonNull(catalogue);
            this.queriesDir = catalogue.directory();
            return this;
        }

        /** The endpoints SERVICE may call (none unless given). */
        public Builder serviceAllowList(ServiceAllowList allowList) {
            this.serviceAllowList = Objects.requireNonNull(allowList);
            return this;
        }

        /** How long a client is locked out after its first failed login past the free ones; it doubles with each further failure. */
        public Builder loginLockout(Duration firstLock) {
            this.loginFirstLock = firstLock;
            return this;
        }

        /** How much of a SPARQL answer is held in memory until it is complete; the rest waits in a temporary file. */
        public Builder answerMemory(int bytes) {
            this.answerMemoryBytes = bytes;
            return this;
        }

        /** The largest query or update text taken, in bytes (413 above). */
        public Builder maxQueryBytes(long bytes) {
            this.maxQueryBytes = bytes;
            return this;
        }

        /**
         * The server's public address ({@code https://regiokg.example.org}) when it is reached through a
         * proxy or by another name: the links it gives clients (reconciliation's view and preview) point there.
         * Without one, they point at the address the client used.
         */
        public Builder publicUrl(String url) {
            this.publicUrl = Optional.ofNullable(url).filter(u -> !u.isBlank());
            return this;
        }

        /** Runs the questions marked {@code warm: true} once while the server is built (off by default; {@code serve} turns it on). */
        public Builder warmUp(boolean warmUp) {
            this.warmUp = warmUp;
            return this;
        }

        /** Listens on localhost only (the default), or on every interface. */
        public Builder loopbackOnly(boolean loopbackOnly) {
            this.loopbackOnly = loopbackOnly;
            return this;
        }

        public RegioServer build() {
            // The question files are parsed on a second thread while the rest is built (or since the caller began).
            QuestionCatalogue catalogue = this.catalogue != null ? this.catalogue : new QuestionCatalogue(queriesDir).readAhead();
            store.queryTimeout(queryTimeout);
            ServiceAllowList serviceAllowList = this.serviceAllowList != null ? this.serviceAllowList : ServiceAllowList.none();
            store.serviceExecutors(serviceAllowList.registry());
            // A remote store makes SERVICE calls itself: only to the allowed endpoints (org.regiokg.remote).
            store.remote().ifPresent(r -> r.allowServices(serviceAllowList.allowed()));
            QuestionRunner runner = new QuestionRunner(store.dataset());
            // First, so that it runs beside the whole build (the store's limits and SERVICE list are set).
            var warmed = warmUp ? runner.warmUp(catalogue) : java.util.concurrent.CompletableFuture.completedFuture(List.<String>of());
            awaitSystemQueries();
            Routes routes = RouteTable.of(store, catalogue, runner, importer, DATASET, ADMIN_USER, adminPassword.isPresent(), publicUrl);
            FusekiServer.Builder fuseki = FusekiServer.create()
                    .port(port)
                    .loopback(loopbackOnly)
                    .add(DATASET, dataService())
                    // CORS comes from the route table (CrossOrigin), for Fuseki's endpoints too.
                    .enableCors(false)
                    .addFilter("/*", new CrossOrigin(routes));
            adminPassword.ifPresent(pw -> {
                var security = JettySecurityLib.makeSecurityHandler(REALM, JettySecurityLib.makeUserStore(ADMIN_USER, pw), AuthScheme.BASIC);
                // Fuseki adds its write endpoints; the table's admin routes are added here.
                routes.adminPaths().forEach(path -> JettySecurityLib.addPathConstraint(security, path));
                fuseki.securityHandler(security).realm(REALM);
            });
            FusekiUi.addTo(fuseki, DATASET);
            // Every request's queries end at the time limit and when its client hangs up (see QueryGuard).
            fuseki.addFilter("/*", new ClientWatch());
            SparqlRequestLimits limits = new SparqlRequestLimits(maxQueryBytes, MAX_NESTING, answerMemoryBytes);
            for (String endpoint : new String[] {"/sparql", "/query", "/update"})
                fuseki.addFilter(DATASET + endpoint, limits);
            // Graph Store Protocol writes are recorded in the change log with their user and target.
            fuseki.addFilter(DATASET + "/data", GraphStoreAttribution.FILTER);
            // After the limits: SPARQL clients' format names, and the service description.
            SparqlClientFormats clients = new SparqlClientFormats(FusekiUi.PATH + "/#/dataset" + DATASET + "/query");
            for (String endpoint : new String[] {"/sparql", "/query"})
                fuseki.addFilter(DATASET + endpoint, clients);
            // Imports send the whole CSV in one request.
            JavalinServlet app = new JavalinServlet(RouteDispatch.app(routes, RouteTable.API, CsvTable.DEFAULT_MAX_BYTES).unsafe);
            routes.servletMappings().forEach(mapping -> fuseki.addServlet(mapping, app));
            for (Routes.Route files : routes.all())
                if (files.servedBy() == Routes.ServedBy.FILES) fuseki.addServlet(files.path(), files.servlet());
            FusekiServer server = fuseki.build();
            JettyErrors.install(server.getJettyServer(), RouteTable.API);
            ResponseBuffers.install(server.getJettyServer());
            // Before Jetty's security handler, which cannot tell a guess from a typo.
            var jetty = server.getJettyServer();
            jetty.setHandler(new LoginGuard(LOGIN_FREE_FAILURES, loginFirstLock, LOGIN_LONGEST_LOCK).wrapping(jetty.getHandler()));
            return new RegioServer(server, store, loopbackOnly, routes, runner, warmed);
        }

        private DataService.Builder dataService() {
            DataService.Builder service = DataService.newBuilder(store.dataset())
                    .addEndpoint(Operation.Query, "sparql")
                    .addEndpoint(Operation.Query, "query")
                    .addEndpoint(Operation.GSP_R, "get");
            if (adminPassword.isPresent()) {
                AuthPolicy admin = Auth.policyAllowSpecific(ADMIN_USER);
                service.addEndpoint(Operation.Update, "update", admin)
                       .addEndpoint(Operation.GSP_RW, "data", admin);
            }
            return service;
        }
    }
}
