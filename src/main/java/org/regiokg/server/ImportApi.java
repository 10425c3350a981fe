package org.regiokg.server;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.javalin.http.Context;

import org.regiokg.ingest.CsvImporter;
import org.regiokg.ingest.ImportFailed;
import org.regiokg.ingest.ImportReport;
import org.regiokg.problem.Finding;

/**
 * {@code POST /api/imports?mapping=NAME&file=NAME.csv} with the CSV as the body: the same import as
 * {@code regiokg import}, for the admin only (Jetty asks for the login before the request gets here).
 */
final class ImportApi {
    private final CsvImporter importer;
    private final String adminUser;
    private final boolean enabled;

    /** {@code enabled}: whether the server has an admin password, so that {@code adminUser} can log in. */
    ImportApi(CsvImporter importer, String adminUser, boolean enabled) {
        this.importer = importer;
        this.adminUser = adminUser;
        this.enabled = enabled;
    }

    void importCsv(Context ctx) {
        if (!enabled || importer == null)
            throw new ProblemException(Problem.of(403, "imports-disabled", "Imports are disabled",
                    "Imports need the admin user, and the server has no admin password configured."));
        String user = ctx.req().getRemoteUser();
        if (!adminUser.equals(user))
            throw new ProblemException(Problem.of(401, "unauthorized", "Login required", "Imports are for the admin user."));
        String mapping = ctx.queryParam("mapping");
        String file = ctx.queryParam("file");
        if (mapping == null || mapping.isBlank() || file == null || file.isBlank())
            throw new ProblemException(Problem.of(400, "invalid-arguments", "Missing arguments",
                    "An import needs ?mapping=NAME and ?file=NAME.csv, and the CSV as the request body.")
                    .withFindings(List.of(Finding.parameter(mapping == null || mapping.isBlank() ? "mapping" : "file", "is required"))));
        ImportReport report;
        try {
            report = importer.importCsv(file, ctx.bodyAsBytes(), mapping, user, CsvImporter.Progress.NONE);
        } catch (ImportFailed e) {
            throw new ProblemException(Problem.of(422, "import-refused", "Import refused",
                            e.source() + ": " + e.findings().size() + " problem(s); nothing was written.")
                    .withFindings(e.findings().stream()
                            .map(Finding::lineInMessage)
                            .toList()));
        }
        ctx.status(report.unchanged() ? 200 : 201);
        ctx.json(describe(report));
    }

    static Map<String, Object> describe(ImportReport r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("graph", r.graph());
        m.put("mapping", r.mapping());
        m.put("file", r.file());
        m.put("unchanged", r.unchanged());
        m.put("rows", r.rows());
        m.put("triples", r.triples());
        m.put("organisationsMatched", r.organisationsMatched());
        m.put("organisationsCreated", r.organisationsCreated());
        m.put("placesCreated", r.placesCreated());
        m.put("ignoredColumns", r.ignoredColumns());
        m.put("millis", r.millis());
        return m;
    }
}
