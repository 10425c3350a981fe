package org.regiokg.server;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

import io.javalin.Javalin;
import io.javalin.http.servlet.JavalinServlet;

import org.apache.jena.atlas.web.AuthScheme;
import org.apache.jena.fuseki.auth.Auth;
import org.apache.jena.fuseki.auth.AuthPolicy;
import org.apache.jena.fuseki.main.FusekiServer;
import org.apache.jena.fuseki.main.JettySecurityLib;
import org.apache.jena.fuseki.server.DataService;
import org.apache.jena.fuseki.server.Operation;
import org.regiokg.ingest.CsvImporter;
import org.regiokg.link.ServiceAllowList;
import org.regiokg.questions.QuestionCatalogue;
import org.regiokg.questions.QuestionRunner;
import org.regiokg.storage.Store;
import org.regiokg.web.AgencyPage;
import org.regiokg.web.LinkedDataServlet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One process, one port: Fuseki's SPARQL endpoints for the dataset {@code kg}, its query editor,
 * the Javalin API under {@code /api} and the landing page, all over the same {@link Store}.
 *
 * <p>Reads are public. Writes ({@code /kg/update}, {@code /kg/data}) need the admin user and exist
 * only when an admin password is configured; no admin endpoint that changes the server is served.
 */
public final class RegioServer implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(RegioServer.class);
    public static final String DATASET = "/kg";
    public static final String ADMIN_USER = "admin";
    static final String REALM = "RegioKG";

    private final FusekiServer fuseki;
    private final Store store;

    private RegioServer(FusekiServer fuseki, Store store) {
        this.fuseki = fuseki;
        this.store = store;
    }

    public static Builder builder(Store store) {
        return new Builder(store);
    }

    public RegioServer start() {
        fuseki.start();
        LOG.info("RegioKG serves on http://localhost:{}/ (SPARQL at {}/sparql, API at {})", port(), DATASET, ApiApp.PATH);
        return this;
    }

    public int port() {
        return fuseki.getHttpPort();
    }

    public Store store() {
        return store;
    }

    public void join() {
        fuseki.join();
    }

    /** Stops the server; the store stays open for its owner to close. */
    @Override
    public void close() {
        fuseki.stop();
    }

    public static final class Builder {
        private final Store store;
        private int port = 8080;
        private Optional<String> adminPassword = Optional.empty();
        private Duration queryTimeout = Duration.ofSeconds(30);
        private boolean loopbackOnly = false;
        private Path queriesDir = Path.of("queries");
        private CsvImporter importer;
        private ServiceAllowList serviceAllowList = ServiceAllowList.none();

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
            return this;
        }

        /** The endpoints SERVICE may call (none unless given). */
        public Builder serviceAllowList(ServiceAllowList allowList) {
            this.serviceAllowList = Objects.requireNonNull(allowList);
            return this;
        }

        public Builder loopbackOnly(boolean loopbackOnly) {
            this.loopbackOnly = loopbackOnly;
            return this;
        }

        public RegioServer build() {
            store.queryTimeout(queryTimeout);
            store.serviceExecutors(serviceAllowList.registry());
            FusekiServer.Builder fuseki = FusekiServer.create()
                    .port(port)
                    .loopback(loopbackOnly)
                    .add(DATASET, dataService());
            adminPassword.ifPresent(pw -> {
                var security = JettySecurityLib.makeSecurityHandler(REALM, JettySecurityLib.makeUserStore(ADMIN_USER, pw), AuthScheme.BASIC);
                // Fuseki adds its write endpoints; the API's admin routes are added here.
                JettySecurityLib.addPathConstraint(security, ImportApi.PATH);
                fuseki.securityHandler(security).realm(REALM);
            });
            FusekiUi.addTo(fuseki);
            // Every request's queries end at the time limit and when its client hangs up (see QueryGuard).
            fuseki.addFilter("/*", new ClientWatch());
            QuestionCatalogue catalogue = new QuestionCatalogue(queriesDir);
            QuestionRunner runner = new QuestionRunner(store.dataset());
            QuestionApi questions = new QuestionApi(catalogue, runner, store::dataVersion);
            Javalin api = ApiApp.create(store, questions, new ImportApi(importer, adminPassword.isPresent()), new ReconciliationApi(store.dataset()));
            fuseki.addServlet(ReconciliationApi.WELL_KNOWN_VOID, new ReconciliationApi.WellKnownVoid());
            fuseki.addServlet(ApiApp.PATH + "/*", new JavalinServlet(api.unsafe));
            WebJars.addTo(fuseki);
            // Linked Data pages of the things and the ontology, and the agency's page (org.regiokg.web).
            LinkedDataServlet linkedData = new LinkedDataServlet(catalogue, runner);
            fuseki.addServlet(LinkedDataServlet.ID_PATH + "/*", linkedData);
            fuseki.addServlet(LinkedDataServlet.DEF_PATH + "/*", linkedData);
            fuseki.addServlet(AgencyPage.PATH, new AgencyPage(WebJars.versions()));
            fuseki.addServlet("/*", new LandingFiles());
            return new RegioServer(fuseki.build(), store);
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

    /** The landing page and its assets, from {@code web/} on the classpath. */
    static final class LandingFiles extends ClasspathFiles {
        LandingFiles() {
            super("web", "index.html");
        }
    }
}
