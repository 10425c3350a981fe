package org.regiokg.link;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVPrinter;
import org.apache.commons.csv.CSVRecord;

/**
 * The review file between {@code link propose} and {@code link accept}: one row per candidate, the
 * reviewer writes {@code yes} into {@code accept} for the right one. Reading checks the whole file
 * and reports every problem with its row before anything is used.
 */
public final class ReviewCsv {
    public static final List<String> COLUMNS = List.of("thing", "label", "candidate", "candidateLabel", "score", "evidence", "accept");
    static final List<String> REQUIRED = List.of("thing", "candidate", "score", "evidence", "accept");
    static final String EVIDENCE_SEPARATOR = "; ";
    private static final Pattern THING = Pattern.compile("https://w3id\\.org/regiokg/id/[a-z0-9-]+/[A-Za-z0-9._~%-]+");
    private static final Set<String> YES = Set.of("yes", "y", "true", "x");
    private static final Set<String> NO = Set.of("", "no", "n", "false");

    private ReviewCsv() {}

    /**
     * Writes the proposals. With a threshold, the best candidate of a thing is marked {@code yes}
     * when it reaches the threshold and no other candidate of that thing scores as high.
     */
    public static void write(List<Proposal> proposals, Double threshold, Writer out) {
        Map<String, List<Proposal>> byThing = new HashMap<>();
        proposals.forEach(p -> byThing.computeIfAbsent(p.thing().iri(), k -> new ArrayList<>()).add(p));
        try (CSVPrinter csv = new CSVPrinter(out, CSVFormat.DEFAULT.builder().setHeader(COLUMNS.toArray(String[]::new)).get())) {
            for (Proposal p : proposals) {
                csv.printRecord(p.thing().iri(), p.thing().displayLabel(), p.candidate().iri(), p.candidate().displayLabel(),
                        String.format(Locale.ROOT, "%.2f", p.score()), String.join(EVIDENCE_SEPARATOR, p.evidence()),
                        threshold != null && isClearBest(p, byThing.get(p.thing().iri()), threshold) ? "yes" : "");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static boolean isClearBest(Proposal p, List<Proposal> ofThing, double threshold) {
        return p.score() >= threshold && ofThing.stream().noneMatch(o -> o != p && o.score() >= p.score());
    }

    /** Reads and checks a review file; throws {@link InvalidReviewFile} listing every problem. */
    public static List<ReviewRow> read(String name, Reader in) {
        List<String> problems = new ArrayList<>();
        List<ReviewRow> rows = new ArrayList<>();
        try (CSVParser csv = CSVFormat.DEFAULT.builder().setHeader().setSkipHeaderRecord(true).setTrim(true).get().parse(in)) {
            List<String> missing = REQUIRED.stream().filter(c -> !csv.getHeaderMap().containsKey(c)).toList();
            if (!missing.isEmpty())
                throw new InvalidReviewFile(name, List.of("row 1 (header): missing column(s) " + missing
                        + "; the header is " + String.join(",", COLUMNS)));
            for (CSVRecord r : csv) {
                ReviewRow row = check(r, problems);
                if (row != null) rows.add(row);
            }
        } catch (IOException | IllegalArgumentException | IllegalStateException | UncheckedIOException e) {
            // commons-csv reports a broken quote or a duplicate header this way.
            throw new InvalidReviewFile(name, List.of("not a readable CSV file: " + e.getMessage()));
        }
        if (!problems.isEmpty()) throw new InvalidReviewFile(name, problems);
        return rows;
    }

    private static ReviewRow check(CSVRecord r, List<String> problems) {
        long row = r.getRecordNumber() + 1;
        int before = problems.size();
        if (!r.isConsistent()) problems.add("row " + row + ": " + r.size() + " cells, the header has " + r.getParser().getHeaderNames().size());
        String thing = cell(r, "thing");
        String candidate = cell(r, "candidate");
        String accept = cell(r, "accept").toLowerCase(Locale.ROOT);
        if (!THING.matcher(thing).matches())
            problems.add("row " + row + ", thing: '" + thing + "' is not a RegioKG IRI (https://w3id.org/regiokg/id/KIND/NAME)");
        if (!Wikidata.isItem(candidate))
            problems.add("row " + row + ", candidate: '" + candidate + "' is not a Wikidata item IRI (http://www.wikidata.org/entity/Q…)");
        if (!YES.contains(accept) && !NO.contains(accept))
            problems.add("row " + row + ", accept: '" + accept + "' must be yes, no or empty");
        double score = Double.NaN;
        try {
            score = Double.parseDouble(cell(r, "score"));
        } catch (NumberFormatException e) {
            // reported below
        }
        if (!(score >= 0 && score <= 1))
            problems.add("row " + row + ", score: '" + cell(r, "score") + "' must be a number from 0 to 1");
        if (problems.size() > before) return null;
        List<String> evidence = Arrays.stream(cell(r, "evidence").split(Pattern.quote(EVIDENCE_SEPARATOR.strip())))
                .map(String::strip).filter(s -> !s.isEmpty()).toList();
        return new ReviewRow(row, thing, candidate, score, evidence, YES.contains(accept));
    }

    private static String cell(CSVRecord r, String column) {
        return r.isMapped(column) && r.isSet(column) ? r.get(column).strip() : "";
    }
}
