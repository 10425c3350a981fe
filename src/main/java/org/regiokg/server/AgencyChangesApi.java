package org.regiokg.server;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Optional;

import io.javalin.http.Context;

import org.regiokg.history.DigitalPartnerChanges;
import org.regiokg.problem.Finding;
import org.regiokg.storage.Store;

/**
 * {@code GET /api/agency/changes?since=DATE&region=IRI&limit=N} (or {@code after=VERSION} instead of a
 * date): what changed for the agency since a date (world market leaders that gained or lost a digital partner, new digital partner candidates),
 * read from the change log by {@link DigitalPartnerChanges}. A date is a day in the agency's time zone.
 */
final class AgencyChangesApi {
    static final ZoneId AGENCY_ZONE = ZoneId.of("Europe/Berlin");
    static final int DEFAULT_DAYS = 30, DEFAULT_LIMIT = 20, MAX_LIMIT = 200;

    private final Store store;

    AgencyChangesApi(Store store) {
        this.store = store;
    }

    void get(Context ctx) {
        Optional<String> region = Optional.ofNullable(ctx.queryParam("region")).filter(r -> !r.isBlank()).map(AgencyChangesApi::iri);
        int limit = limit(ctx.queryParam("limit"));
        String after = ctx.queryParam("after");
        DigitalPartnerChanges.Report report;
        if (after != null && !after.isBlank()) {
            if (ctx.queryParam("since") != null) throw invalid("after", "and since cannot both be given: a version or a date");
            report = DigitalPartnerChanges.after(store.dataset(), store.changes(), version(after), region, limit);
        } else {
            LocalDate since = date(ctx.queryParam("since"));
            report = DigitalPartnerChanges.since(store.dataset(), store.changes(), since.atStartOfDay(AGENCY_ZONE).toInstant(),
                    region, since.toString(), limit);
        }
        ChangesApi.versioned(ctx, report.version());
        ctx.json(report);
    }

    private static LocalDate date(String raw) {
        if (raw == null || raw.isBlank()) return LocalDate.now(AGENCY_ZONE).minusDays(DEFAULT_DAYS);
        try {
            return LocalDate.parse(raw.trim());
        } catch (DateTimeParseException e) {
            throw invalid("since", "'" + raw + "' is not a date like 2026-11-01");
        }
    }

    private static long version(String raw) {
        try {
            long n = Long.parseLong(raw.trim());
            if (n < 0) throw invalid("after", "is a version, a whole number from 0");
            return n;
        } catch (NumberFormatException e) {
            throw invalid("after", "'" + raw + "' is not a version (a whole number from 0)");
        }
    }

    private static String iri(String raw) {
        String r = raw.trim();
        if (!r.matches("https?://[^\\s<>\"{}|\\\\^`]+")) throw invalid("region", "'" + raw + "' is not an http(s) IRI");
        return r;
    }

    private static int limit(String raw) {
        if (raw == null || raw.isBlank()) return DEFAULT_LIMIT;
        try {
            int n = Integer.parseInt(raw.trim());
            if (n < 1 || n > MAX_LIMIT) throw invalid("limit", "is a whole number from 1 to " + MAX_LIMIT);
            return n;
        } catch (NumberFormatException e) {
            throw invalid("limit", "'" + raw + "' is not a whole number from 1 to " + MAX_LIMIT);
        }
    }

    private static ProblemException invalid(String parameter, String message) {
        return new ProblemException(Problem.of(400, "invalid-arguments", "Invalid arguments", parameter + " " + message)
                .withFindings(List.of(Finding.parameter(parameter, message))));
    }
}
