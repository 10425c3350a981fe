package org.regiokg.server;

import java.util.Map;
import java.util.Optional;

import io.javalin.http.HttpStatus;

import org.regiokg.ingest.CsvImporter;
import org.regiokg.link.DumpFormat;
import org.regiokg.ingest.RdfLoader;
import org.regiokg.questions.QuestionCatalogue;
import org.regiokg.questions.QuestionRunner;
import org.regiokg.storage.Store;
import org.regiokg.web.AgencyPage;
import org.regiokg.web.LinkedData;
import org.regiokg.web.ThingFormat;

/**
 * Everything the server answers, in one place: method, path, what answers it, the formats it offers
 * and who may call it ({@code publicRead}: anyone from any origin; {@code page}: anyone, this site's
 * pages; {@code admin}: the admin user, same origin). Fuseki's dataset endpoints are listed for their
 * access rules only; its query editor ({@code /ui}, {@code /$/...}) is wired in {@link FusekiUi}.
 */
final class RouteTable {
    static final String API = "/api";
    private static final String RECONCILE = API + "/reconcile";
    private static final String CHANGES = API + "/changes";

    private RouteTable() {}

    /**
     * @param dataset    the dataset's path ({@code /kg})
     * @param adminUser  the user the security handler lets through to admin routes
     * @param withAdmin  whether an admin password is configured (without one, imports are refused)
     * @param publicUrl  the server's public address, where links for clients point (default: as reached)
     */
    static Routes of(Store store, QuestionCatalogue catalogue, QuestionRunner runner, CsvImporter importer,
                     String dataset, String adminUser, boolean withAdmin, Optional<String> publicUrl) {
        QuestionApi questions = new QuestionApi(API, catalogue, runner, store::dataVersion)
                .versions(new QuestionApi.Versions(store.changes(), store.dataset(), CHANGES));
        ImportApi imports = new ImportApi(importer, adminUser, withAdmin);
        LoadApi loads = new LoadApi(store, importer == null ? null : new RdfLoader(store, importer.shapes()), adminUser, withAdmin);
        ReconciliationApi reconciliation = new ReconciliationApi(RECONCILE, store.dataset(), publicUrl);
        DatasetApi about = new DatasetApi(store);
        DumpApi dumps = new DumpApi(store.dataset());
        LinkedData linkedData = new LinkedData(runner);
        AgencyPage agency = new AgencyPage(WebJars.versions());
        ChangesApi changes = new ChangesApi(CHANGES, store, adminUser, withAdmin);
        AgencyChangesApi agencyChanges = new AgencyChangesApi(store);
        return new Routes().closing(about::close)
                // The API: JSON unless a route says otherwise; open to every origin, except imports.
                .get(API + "/health", ctx -> health(ctx, store)).json().publicRead()
                .get(API + "/questions", questions::list).json().publicRead()
                .get(API + "/questions/{name}", questions::ask).formats(questions::offers).publicRead()
                .get(API + "/openapi.json", questions::openApi).json().publicRead()
                .get(API + "/docs", questions::docs).html().publicRead()
                .post(API + "/imports", imports::importCsv).json().admin()
                .post(API + "/loads", loads::load).json().admin()
                .post(API + "/compact", loads::compact).json().admin()
                // The change log (org.regiokg.history): the feed, each change set as an RDF Patch, undo.
                .get(CHANGES, changes::list).json().publicRead()
                .get(CHANGES + ".atom", changes::atom).formats(ChangesApi.ATOM).publicRead()
                .get(CHANGES + "/{sequence}", changes::get).formats(ChangesApi.PATCH_FORMATS).publicRead()
                .post(CHANGES + "/{sequence}/revert", changes::revert).json().admin()
                // What changed for the agency since a date (digital partners gained and lost, new candidates), from the change log.
                .get(API + "/agency/changes", agencyChanges::get).json().publicRead()
                .get(RECONCILE, reconciliation::reconcile).json().publicRead()
                .post(RECONCILE, reconciliation::reconcile).json().publicRead()
                .get(RECONCILE + "/suggest/entity", reconciliation::suggest).json().publicRead()
                .get(RECONCILE + "/properties", reconciliation::properties).json().publicRead()
                .get(RECONCILE + "/preview", reconciliation::preview).html().publicRead()
                .get(API + "/links/report", about::linkReport).json().publicRead()
                .get(API + "/void", about::describe).formats(DatasetApi.VOID_FORMATS).publicRead()
                .get(DumpFormat.PATH, dumps::dump).formats(DumpApi.FORMATS).publicRead()
                .get("/.well-known/void", ctx -> ctx.redirect(API + "/void", HttpStatus.SEE_OTHER)).publicRead()
                // Linked Data: the server answers for its own IRIs.
                .get(LinkedData.ID_PATH + "/<path>", linkedData::get).formats(ThingFormat.offers()).publicRead()
                .get(LinkedData.DEF_PATH, linkedData::get).formats(ThingFormat.offers()).publicRead()
                .get(LinkedData.DEF_PATH + "/{term}", linkedData::get).formats(ThingFormat.offers()).publicRead()
                // Pages and their files.
                .get("/agency", agency::get).html().page()
                .files(WebJars.PATH + "/swagger-ui/*", new WebJars.Files("swagger-ui")).page()
                .files(WebJars.PATH + "/leaflet/*", new WebJars.Files("leaflet")).page()
                .files(WebJars.PATH + "/cytoscape/*", new WebJars.Files("cytoscape")).page()
                .files("/*", new ClasspathFiles("web", "index.html")).page()
                // Fuseki's SPARQL protocol: reads open to every origin, writes for the admin from this site.
                .fuseki("GET", dataset + "/sparql").publicRead()
                .fuseki("POST", dataset + "/sparql").publicRead()
                .fuseki("GET", dataset + "/query").publicRead()
                .fuseki("POST", dataset + "/query").publicRead()
                .fuseki("GET", dataset + "/get").publicRead()
                .fuseki("POST", dataset + "/update").admin()
                .fuseki("GET", dataset + "/data").admin()
                .fuseki("PUT", dataset + "/data").admin()
                .fuseki("POST", dataset + "/data").admin()
                .fuseki("DELETE", dataset + "/data").admin();
    }

    /** The count the store keeps (index sizes, counted after writes), not a count of quads per request; the data version it was taken at. */
    private static void health(io.javalin.http.Context ctx, Store store) {
        if (store.remote().isPresent()) { // the remote store's counts are its own (README "Deployment")
            ctx.json(Map.of("status", "ok", "store", "remote", "endpoint", store.remote().get().endpoint().queryUrl(),
                    "writable", store.remote().get().endpoint().writable()));
            return;
        }
        var count = store.upkeep().current();
        ctx.json(Map.of("status", "ok", "quads", count.quads(), "quadsVersion", count.version(), "countedAt", count.countedAt().toString()));
    }
}
