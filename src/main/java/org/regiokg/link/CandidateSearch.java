package org.regiokg.link;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;

import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.query.Query;
import org.apache.jena.query.QueryFactory;
import org.apache.jena.query.Syntax;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.Binding;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.exec.http.QueryExecHTTP;
import org.apache.jena.sparql.syntax.Element;
import org.apache.jena.sparql.syntax.ElementData;
import org.apache.jena.sparql.syntax.ElementSubQuery;
import org.apache.jena.sparql.syntax.ElementVisitorBase;
import org.apache.jena.sparql.syntax.ElementWalker;
import org.regiokg.sparql.SparqlFile;

/**
 * Asks a Wikidata-shaped SPARQL endpoint for the items whose label or alias (German or English) is
 * one of a thing's names, and for the statements the score needs, in one query per thing
 * ({@code wikidata-candidates.rq}, at most 20 items).
 *
 * <p>Labels are matched exactly, on a few spellings (as written, lower case, upper case, title case,
 * and the parts of a name with a parenthesis): the public Wikidata endpoint answers an exact label
 * at once, while a case-insensitive FILTER over all labels would not finish.
 */
public final class CandidateSearch {
    private static final SparqlFile QUERY = SparqlFile.resource(CandidateSearch.class, "wikidata-candidates.rq");
    private static final Var TEXT = Var.alloc("text");
    private static final String USER_AGENT = "RegioKG-link/0.1 (https://w3id.org/regiokg; link proposals for review)";

    private final String endpoint;
    private final Duration timeout;

    public CandidateSearch(String endpoint, Duration timeout) {
        this.endpoint = endpoint;
        this.timeout = timeout;
    }

    public List<LinkCandidate> candidatesFor(LocalThing thing) {
        Set<String> texts = new LinkedHashSet<>();
        for (LocalThing.Label label : thing.labels())
            for (String name : names(label.text()))
                texts.addAll(spellings(name));
        if (texts.isEmpty()) return List.of();
        Map<String, Builder> items = new LinkedHashMap<>();
        try (QueryExecHTTP exec = QueryExecHTTP.service(endpoint).query(query(texts))
                .timeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
                .httpHeader("User-Agent", USER_AGENT).build()) {
            exec.select().forEachRemaining(row -> add(items, row));
        }
        return items.values().stream().map(Builder::build).toList();
    }

    /** The name, and for "PMD (pmdtechnologies)" also "PMD" and "pmdtechnologies". */
    static List<String> names(String label) {
        List<String> names = new ArrayList<>(List.of(label.strip()));
        int open = label.indexOf('(');
        int close = label.lastIndexOf(')');
        if (open > 0 && close > open) {
            names.add(label.substring(0, open).strip());
            names.add(label.substring(open + 1, close).strip());
        }
        return names.stream().filter(n -> !n.isEmpty()).distinct().toList();
    }

    static Set<String> spellings(String name) {
        Set<String> s = new LinkedHashSet<>();
        s.add(name);
        s.add(name.toLowerCase(Locale.ROOT));
        s.add(name.toUpperCase(Locale.ROOT));
        StringBuilder title = new StringBuilder();
        boolean start = true;
        for (char c : name.toCharArray()) {
            title.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
            start = Character.isWhitespace(c) || c == '-';
        }
        s.add(title.toString());
        return s;
    }

    /** The query with the names in its VALUES block, as language-tagged literals (German and English). */
    private static Query query(Set<String> texts) {
        Query query = QueryFactory.create(QUERY.query().serialize(), Syntax.syntaxARQ); // a copy to fill
        ElementData values = valuesOf(query.getQueryPattern());
        for (String t : texts)
            for (String lang : List.of("de", "en"))
                values.add(BindingFactory.binding(TEXT, NodeFactory.createLiteralLang(t, lang)));
        return query;
    }

    /** The VALUES block of a pattern, looked for in sub-queries too. */
    private static ElementData valuesOf(Element pattern) {
        ElementData[] found = new ElementData[1];
        ElementWalker.walk(pattern, new ElementVisitorBase() {
            @Override
            public void visit(ElementData el) {
                found[0] = el;
            }

            @Override
            public void visit(ElementSubQuery el) {
                ElementData inner = valuesOf(el.getQuery().getQueryPattern());
                if (inner != null) found[0] = inner;
            }
        });
        return found[0];
    }

    private static void add(Map<String, Builder> items, Binding row) {
        Node item = row.get("item");
        if (item == null || !item.isURI() || !Wikidata.isItem(item.getURI())) return;
        Builder b = items.computeIfAbsent(item.getURI(), Builder::new);
        if (row.contains("label")) b.labels.add(label(row.get("label")));
        if (row.contains("alias")) b.aliases.add(label(row.get("alias")));
        uri(row, "type").ifPresent(b.types::add);
        uri(row, "country").ifPresent(b.countries::add);
        uri(row, "inP131").ifPresent(b.withinByP131::add);
        uri(row, "inP159").ifPresent(b.withinByP159::add);
        if (row.contains("key")) b.keys.add(row.get("key").getLiteralLexicalForm());
        if (row.contains("nuts")) b.nuts.add(row.get("nuts").getLiteralLexicalForm());
    }

    private static LocalThing.Label label(Node n) {
        return new LocalThing.Label(n.getLiteralLexicalForm(), n.getLiteralLanguage());
    }

    private static java.util.Optional<String> uri(Binding row, String var) {
        Node n = row.get(var);
        return n != null && n.isURI() ? java.util.Optional.of(n.getURI()) : java.util.Optional.empty();
    }

    private static final class Builder {
        final String iri;
        final Set<LocalThing.Label> labels = new LinkedHashSet<>();
        final Set<LocalThing.Label> aliases = new LinkedHashSet<>();
        final Set<String> types = new LinkedHashSet<>();
        final Set<String> countries = new LinkedHashSet<>();
        final Set<String> keys = new LinkedHashSet<>();
        final Set<String> nuts = new LinkedHashSet<>();
        final Set<String> withinByP131 = new LinkedHashSet<>();
        final Set<String> withinByP159 = new LinkedHashSet<>();

        Builder(String iri) {
            this.iri = iri;
        }

        LinkCandidate build() {
            return new LinkCandidate(iri, List.copyOf(labels), List.copyOf(aliases), Set.copyOf(types), Set.copyOf(countries),
                    Set.copyOf(keys), Set.copyOf(nuts), Set.copyOf(withinByP131), Set.copyOf(withinByP159));
        }
    }
}
