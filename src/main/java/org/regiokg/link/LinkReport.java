package org.regiokg.link;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.jena.graph.Node;
import org.apache.jena.sparql.core.DatasetGraph;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.system.Txn;
import org.regiokg.sparql.SparqlFile;

/**
 * How well the things of the graph are linked to external open data: per kind (organisations, places,
 * persons) how many there are, how many have each kind of external identifier, and which have none.
 * The counting is {@code link-report.rq}, the list {@code link-unlinked.rq}.
 */
public record LinkReport(List<KindReport> kinds) {
    /** The kinds in the order they are reported. */
    public static final List<String> KINDS = List.of("organisations", "places", "persons");
    /** The identifiers counted, in the order they are reported (the keys of {@link KindReport#identifiers()}). */
    public static final List<String> IDENTIFIERS = List.of("wikidata", "geonames", "nuts", "officialKey", "website");

    public record KindReport(String kind, long total, Map<String, Long> identifiers, long linked, long unlinked,
                             List<Thing> withoutIdentifiers) {}

    /** A thing without any external identifier: its IRI and a label. */
    public record Thing(String iri, String label) {}

    private static final SparqlFile COUNTS = SparqlFile.resource(LinkReport.class, "link-report.rq");
    private static final SparqlFile UNLINKED = SparqlFile.resource(LinkReport.class, "link-unlinked.rq");

    public static LinkReport of(DatasetGraph dataset) {
        return of(dataset, false);
    }

    /**
     * The report counted without the server's query time limit: off the request path ({@link
     * LinkReportCounts}), where at 10^6 organisations it runs longer than a request may.
     */
    public static LinkReport counted(DatasetGraph dataset) {
        return of(dataset, true);
    }

    private static List<Binding> rows(SparqlFile query, DatasetGraph dataset, boolean unlimited) {
        if (!unlimited) return query.select(dataset);
        List<Binding> rows = new ArrayList<>();
        try (var exec = org.apache.jena.sparql.exec.QueryExec.dataset(dataset).query(query.query())
                .set(org.apache.jena.query.ARQ.queryTimeout, "-1").build()) {
            exec.select().forEachRemaining(b -> rows.add(org.apache.jena.sparql.engine.binding.BindingFactory.copy(b)));
        }
        return rows;
    }

    private static LinkReport of(DatasetGraph dataset, boolean unlimited) {
        return Txn.calculateRead(dataset, () -> {
            Map<String, Binding> counts = new LinkedHashMap<>();
            for (Binding b : rows(COUNTS, dataset, unlimited)) counts.put(text(b, "kind"), b);
            Map<String, List<Thing>> unlinked = new LinkedHashMap<>();
            for (Binding b : rows(UNLINKED, dataset, unlimited))
                unlinked.computeIfAbsent(text(b, "kind"), k -> new ArrayList<>()).add(new Thing(text(b, "thing"), text(b, "label")));
            List<KindReport> kinds = new ArrayList<>();
            for (String kind : KINDS) {
                Binding b = counts.get(kind);
                Map<String, Long> ids = new LinkedHashMap<>();
                ids.put("wikidata", number(b, "withWikidata"));
                ids.put("geonames", number(b, "withGeonames"));
                ids.put("nuts", number(b, "withNuts"));
                ids.put("officialKey", number(b, "withOfficialKey"));
                ids.put("website", number(b, "withWebsite"));
                kinds.add(new KindReport(kind, number(b, "things"), ids, number(b, "linked"), number(b, "unlinked"),
                        List.copyOf(unlinked.getOrDefault(kind, List.of()))));
            }
            return new LinkReport(List.copyOf(kinds));
        });
    }

    public KindReport kind(String kind) {
        return kinds.stream().filter(k -> k.kind().equals(kind)).findFirst().orElseThrow();
    }

    /** The report as a plain-text table and lists, for the console. */
    public String toText() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format("%-14s %7s %9s %9s %6s %12s %8s %7s %9s%n", "kind", "things", "wikidata", "geonames", "nuts",
                "official key", "website", "linked", "unlinked"));
        for (KindReport k : kinds)
            sb.append(String.format("%-14s %7d %9d %9d %6d %12d %8d %7d %9d%n", k.kind(), k.total(), k.identifiers().get("wikidata"),
                    k.identifiers().get("geonames"), k.identifiers().get("nuts"), k.identifiers().get("officialKey"),
                    k.identifiers().get("website"), k.linked(), k.unlinked()));
        for (KindReport k : kinds) {
            if (k.withoutIdentifiers().isEmpty()) continue;
            // link-unlinked.rq lists at most 1,000 of a kind; the count says how many there are
            String shown = k.withoutIdentifiers().size() < k.unlinked()
                    ? k.withoutIdentifiers().size() + " of " + k.unlinked() : String.valueOf(k.unlinked());
            sb.append(System.lineSeparator()).append(k.kind()).append(" without any external identifier (")
                    .append(shown).append("):").append(System.lineSeparator());
            for (Thing t : k.withoutIdentifiers())
                sb.append("  ").append(t.iri()).append(t.label() == null ? "" : "  " + t.label()).append(System.lineSeparator());
        }
        return sb.toString();
    }

    private static String text(Binding b, String var) {
        Node n = b.get(Var.alloc(var));
        if (n == null) return null;
        return n.isURI() ? n.getURI() : n.isLiteral() ? n.getLiteralLexicalForm() : n.toString();
    }

    private static long number(Binding b, String var) {
        if (b == null) return 0;
        Node n = b.get(Var.alloc(var));
        return n == null ? 0 : Long.parseLong(n.getLiteralLexicalForm());
    }
}
