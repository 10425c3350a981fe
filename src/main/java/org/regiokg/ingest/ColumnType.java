package org.regiokg.ingest;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.irix.IRIException;
import org.apache.jena.irix.IRIx;

/**
 * The type of a CSV column in a mapping: what a cell must look like and which RDF term it becomes.
 * {@code text} (a string), {@code text@de} (a string in a language), {@code url} (an http(s) IRI),
 * {@code integer}, {@code decimal}, {@code year}, {@code date} (ISO 8601, {@code 2018-06-25}), and
 * {@code concept} (a competence: its slug or label, looked up in the competence scheme).
 */
public record ColumnType(String kind, String language) {
    private static final Pattern LANG = Pattern.compile("[a-z]{2,3}");

    public static Optional<ColumnType> parse(String spec) {
        String s = spec.trim().toLowerCase(Locale.ROOT);
        if (s.startsWith("text@") && LANG.matcher(s.substring(5)).matches()) return Optional.of(new ColumnType("text", s.substring(5)));
        return switch (s) {
            case "text", "url", "integer", "decimal", "year", "date", "concept" -> Optional.of(new ColumnType(s, null));
            default -> Optional.empty();
        };
    }

    public boolean isNumeric() {
        return kind.equals("integer") || kind.equals("decimal") || kind.equals("year");
    }

    /** The cell as an RDF term (concepts are resolved elsewhere), or the reason it does not fit. */
    public Node toNode(String value) throws InvalidCell {
        return switch (kind) {
            case "text" -> language == null ? NodeFactory.createLiteralString(value) : NodeFactory.createLiteralLang(value, language);
            case "url" -> url(value);
            case "integer" -> typed(value, XSDDatatype.XSDinteger, "a whole number such as 1912");
            case "decimal" -> typed(value.replace(',', '.'), XSDDatatype.XSDdecimal, "a number such as 26550.00");
            case "year" -> typed(value, XSDDatatype.XSDgYear, "a year such as 2009");
            case "date" -> typed(value, XSDDatatype.XSDdate, "a date such as 2018-06-25");
            default -> NodeFactory.createLiteralString(value);
        };
    }

    private static Node typed(String value, XSDDatatype dt, String expected) throws InvalidCell {
        if (!dt.isValid(value)) throw new InvalidCell("'" + value + "' is not " + expected);
        return NodeFactory.createLiteralDT(value, dt);
    }

    private static Node url(String value) throws InvalidCell {
        try {
            IRIx iri = IRIx.create(value);
            String scheme = iri.scheme() == null ? "" : iri.scheme().toLowerCase(Locale.ROOT);
            if (!iri.isAbsolute() || iri.hasViolations() || !(scheme.equals("http") || scheme.equals("https")) || iri.str().contains(" "))
                throw new InvalidCell("'" + value + "' is not a web address (http:// or https://…)");
            return NodeFactory.createURI(iri.str());
        } catch (IRIException e) {
            throw new InvalidCell("'" + value + "' is not a web address (http:// or https://…)");
        }
    }

    public static final class InvalidCell extends Exception {
        public InvalidCell(String message) {
            super(message);
        }
    }
}
