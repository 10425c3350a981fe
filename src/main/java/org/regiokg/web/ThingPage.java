package org.regiokg.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.jena.graph.Node;
import org.regiokg.vocab.Vocabulary;
import org.regiokg.web.Statements.Row;

/**
 * The HTML page of a thing: its label and kinds, its statements with readable property labels and
 * links, the things that point at it, its external identifiers, and for each statement the source
 * graph it came from. Only presentation: the rows come from {@code describe-thing.rq}.
 */
final class ThingPage {
    private static final String RDF_TYPE = Vocabulary.RDF + "type";
    private static final String RDFS_LABEL = Vocabulary.RDFS + "label";
    private static final String SKOS_PREF_LABEL = Vocabulary.SKOS + "prefLabel";
    private static final String DCTERMS_TITLE = Vocabulary.DCTERMS + "title";
    /** Properties whose values identify the thing elsewhere. */
    private static final Set<String> IDENTIFIERS = Set.of(
            Vocabulary.OWL + "sameAs", Links.DEF + "nutsRegion", Links.DEF + "nutsCode",
            Links.DEF + "officialKey", Vocabulary.SKOS + "exactMatch", Vocabulary.SCHEMA + "url");

    private static final Map<String, Map<String, String>> TEXT = Map.of(
            "de", Map.ofEntries(
                    Map.entry("kinds", "Art"), Map.entry("statements", "Aussagen"), Map.entry("property", "Eigenschaft"),
                    Map.entry("value", "Wert"), Map.entry("source", "Quelle"), Map.entry("incoming", "Verweise auf dieses Ding"),
                    Map.entry("subject", "Ding"), Map.entry("identifiers", "Externe Kennungen"), Map.entry("sources", "Quellen"),
                    Map.entry("formats", "Als Daten"), Map.entry("other", "English"), Map.entry("home", "Start"),
                    Map.entry("agency", "Agentur"), Map.entry("notfound", "Nicht gefunden"),
                    Map.entry("more", "Die ersten %d Verweise; alle weiteren als SPARQL-Abfrage")),
            "en", Map.ofEntries(
                    Map.entry("kinds", "Kinds"), Map.entry("statements", "Statements"), Map.entry("property", "Property"),
                    Map.entry("value", "Value"), Map.entry("source", "Source"), Map.entry("incoming", "Things that point here"),
                    Map.entry("subject", "Thing"), Map.entry("identifiers", "External identifiers"), Map.entry("sources", "Sources"),
                    Map.entry("formats", "As data"), Map.entry("other", "Deutsch"), Map.entry("home", "Home"),
                    Map.entry("agency", "Agency"), Map.entry("notfound", "Not found"),
                    Map.entry("more", "The first %d things that point here; the rest as a SPARQL query")));

    private ThingPage() {}

    static String render(Statements s, String lang, String path) {
        Map<String, String> t = TEXT.get(lang);
        List<Row> out = s.rows().stream().filter(Row::out).toList();
        List<Row> in = s.rows().stream().filter(r -> !r.out()).toList();
        String label = label(s, out, lang);

        StringBuilder h = new StringBuilder();
        h.append("<!DOCTYPE html>\n<html lang=\"").append(lang).append("\"><head><meta charset=\"utf-8\">")
         .append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
         .append("<title>").append(esc(label)).append(" · RegioKG</title>")
         .append("<link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"/regiokg.css\">");
        for (ThingFormat f : ThingFormat.values())
            if (f != ThingFormat.HTML)
                h.append("<link rel=\"alternate\" type=\"").append(f.mediaType).append("\" href=\"").append(esc(path))
                 .append("?format=").append(f.shortName).append("\">");
        h.append("</head><body class=\"thing\">\n<nav><a href=\"/\">RegioKG</a> · <a href=\"/agency")
         .append(lang.equals("en") ? "?lang=en" : "").append("\">").append(t.get("agency")).append("</a> · ")
         .append("<a id=\"lang-toggle\" href=\"").append(esc(path)).append(lang.equals("en") ? "" : "?lang=en").append("\">")
         .append(t.get("other")).append("</a></nav>\n<main>\n");
        h.append("<h1 id=\"label\">").append(esc(label)).append("</h1>\n");
        h.append("<p class=\"iri\"><code>").append(esc(s.iri())).append("</code></p>\n");

        List<Row> kinds = out.stream().filter(r -> r.property().getURI().equals(RDF_TYPE)).toList();
        if (!kinds.isEmpty()) {
            h.append("<p id=\"kinds\">").append(t.get("kinds")).append(": ");
            Set<String> seen = new LinkedHashSet<>();
            for (Row r : kinds) if (seen.add(r.value().getURI())) {
                if (seen.size() > 1) h.append(", ");
                h.append(valueHtml(r, lang));
            }
            h.append("</p>\n");
        }
        h.append("<p class=\"formats\">").append(t.get("formats")).append(":");
        for (ThingFormat f : ThingFormat.values())
            if (f != ThingFormat.HTML)
                h.append(" <a href=\"").append(esc(path)).append("?format=").append(f.shortName).append("\">").append(f.label).append("</a>");
        h.append("</p>\n");

        List<Row> ids = out.stream().filter(r -> IDENTIFIERS.contains(r.property().getURI())).toList();
        if (!ids.isEmpty()) {
            h.append("<section id=\"identifiers\"><h2>").append(t.get("identifiers")).append("</h2><ul>");
            for (List<Row> group : grouped(ids).values()) {
                Row r = group.get(0);
                h.append("<li>").append(propertyHtml(r, lang)).append(": ").append(valueHtml(r, lang)).append("</li>");
            }
            h.append("</ul></section>\n");
        }

        h.append("<section id=\"statements\"><h2>").append(t.get("statements")).append("</h2>\n<table><thead><tr><th>")
         .append(t.get("property")).append("</th><th>").append(t.get("value")).append("</th><th>").append(t.get("source"))
         .append("</th></tr></thead><tbody>\n");
        for (List<Row> group : grouped(out).values()) {
            Row r = group.get(0);
            h.append("<tr><td>").append(propertyHtml(r, lang)).append("</td><td>").append(valueHtml(r, lang))
             .append("</td><td>").append(sourcesHtml(group, lang)).append("</td></tr>\n");
        }
        h.append("</tbody></table></section>\n");

        if (!in.isEmpty()) {
            h.append("<section id=\"incoming\"><h2>").append(t.get("incoming")).append("</h2>\n<table><thead><tr><th>")
             .append(t.get("subject")).append("</th><th>").append(t.get("property")).append("</th><th>").append(t.get("source"))
             .append("</th></tr></thead><tbody>\n");
            for (List<Row> group : grouped(in).values()) {
                Row r = group.get(0);
                String anchor = r.value().isURI() && r.value().getURI().startsWith(Links.DEF)
                        ? " id=\"" + esc(r.value().getURI().substring(Links.DEF.length())) + "\"" : "";
                h.append("<tr").append(anchor).append("><td>").append(valueHtml(r, lang)).append("</td><td>")
                 .append(propertyHtml(r, lang)).append("</td><td>").append(sourcesHtml(group, lang)).append("</td></tr>\n");
            }
            h.append("</tbody></table>\n");
            s.moreIncoming().ifPresent(more -> h.append("<p id=\"more-incoming\"><a href=\"").append(esc(more)).append("\">")
                    .append(esc(String.format(t.get("more"), in.size()))).append("</a></p>\n"));
            h.append("</section>\n");
        }

        Map<String, String> sources = new LinkedHashMap<>();
        for (Row r : s.rows()) if (r.graph() != null && r.graph().isURI()) sources.putIfAbsent(r.graph().getURI(), graphTitle(r, lang));
        h.append("<section id=\"sources\"><h2>").append(t.get("sources")).append("</h2><ul>");
        sources.forEach((g, title) -> h.append("<li><a class=\"source\" href=\"").append(esc(Links.href(g))).append("\" title=\"")
                .append(esc(g)).append("\">").append(esc(title)).append("</a></li>"));
        h.append("</ul></section>\n</main></body></html>\n");
        return h.toString();
    }

    static String notFound(String what) {
        return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Not found · RegioKG</title>"
                + "<link rel=\"stylesheet\" href=\"/regiokg.css\"></head><body class=\"thing\"><nav><a href=\"/\">RegioKG</a></nav>"
                + "<main><h1>Not found</h1><p>The graph says nothing about <code>" + esc(what) + "</code>.</p></main></body></html>\n";
    }

    /** Rows of the same statement (property and value) from different graphs, together. */
    private static Map<String, List<Row>> grouped(List<Row> rows) {
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        for (Row r : rows) groups.computeIfAbsent(r.property() + " " + r.value(), k -> new ArrayList<>()).add(r);
        return groups;
    }

    private static String label(Statements s, List<Row> out, String lang) {
        String other = lang.equals("de") ? "en" : "de";
        for (String wanted : new String[] {lang, "", other})
            for (String p : List.of(RDFS_LABEL, SKOS_PREF_LABEL, DCTERMS_TITLE))
                for (Row r : out)
                    if (r.property().getURI().equals(p) && r.value().isLiteral() && r.value().getLiteralLanguage().equalsIgnoreCase(wanted))
                        return r.value().getLiteralLexicalForm();
        return Links.shortForm(s.iri());
    }

    private static String propertyHtml(Row r, String lang) {
        String iri = r.property().getURI();
        String chosen = lang.equals("de") ? first(r.get("propertyLabelDe"), r.get("propertyLabelEn")) : first(r.get("propertyLabelEn"), r.get("propertyLabelDe"));
        String shown = chosen != null ? chosen : Links.shortForm(iri);
        String other = lang.equals("de") ? r.get("propertyLabelEn") : r.get("propertyLabelDe");
        String title = Links.shortForm(iri) + (other != null && !other.equals(shown) ? " · " + other : "");
        return "<a class=\"property\" href=\"" + esc(Links.href(iri)) + "\" title=\"" + esc(title) + "\">" + esc(shown) + "</a>";
    }

    private static String valueHtml(Row r, String lang) {
        Node v = r.value();
        if (v.isLiteral()) {
            String suffix = !v.getLiteralLanguage().isEmpty() ? "<span class=\"lang\">@" + esc(v.getLiteralLanguage()) + "</span>"
                    : v.getLiteralDatatypeURI() != null && !v.getLiteralDatatypeURI().endsWith("#string")
                    ? "<span class=\"datatype\">" + esc(Links.shortForm(v.getLiteralDatatypeURI())) + "</span>" : "";
            if (v.getLiteralDatatypeURI() != null && v.getLiteralDatatypeURI().endsWith("#anyURI"))
                return "<a class=\"external\" href=\"" + esc(v.getLiteralLexicalForm()) + "\">" + esc(v.getLiteralLexicalForm()) + "</a>";
            return "<span class=\"literal\">" + esc(v.getLiteralLexicalForm()) + "</span>" + suffix;
        }
        if (!v.isURI()) return "<span class=\"blank\">[" + esc(v.toString()) + "]</span>";
        String iri = v.getURI();
        String label = lang.equals("de") ? first(r.get("valueLabelDe"), r.get("valueLabelPlain"), r.get("valueLabelEn"))
                : first(r.get("valueLabelEn"), r.get("valueLabelPlain"), r.get("valueLabelDe"));
        String cls = Links.isLocal(iri) ? "thing-link" : "external";
        return "<a class=\"" + cls + "\" href=\"" + esc(Links.href(iri)) + "\" title=\"" + esc(iri) + "\">"
                + esc(label != null ? label : iri.startsWith(Links.ID) ? iri.substring(Links.ID.length()) : Links.shortForm(iri)) + "</a>";
    }

    private static String sourcesHtml(List<Row> group, String lang) {
        StringBuilder h = new StringBuilder();
        for (Row r : group) {
            if (r.graph() == null || !r.graph().isURI()) continue;
            if (h.length() > 0) h.append("<br>");
            h.append("<a class=\"source\" href=\"").append(esc(Links.href(r.graph().getURI()))).append("\" title=\"")
             .append(esc(r.graph().getURI())).append("\">").append(esc(graphTitle(r, lang))).append("</a>");
        }
        return h.toString();
    }

    private static String graphTitle(Row r, String lang) {
        String title = lang.equals("en") ? first(r.get("graphTitleEn"), r.get("graphTitleDe")) : first(r.get("graphTitleDe"), r.get("graphTitleEn"));
        return title != null ? title : Links.shortForm(r.graph().getURI()).replace(Links.GRAPH, "graph/");
    }

    private static String first(String... values) {
        for (String v : values) if (v != null && !v.isBlank()) return v;
        return null;
    }

    static String esc(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (char c : s.toCharArray()) {
            switch (c) {
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '&' -> b.append("&amp;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
