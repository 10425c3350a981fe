package org.regiokg.questions;

import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.apache.jena.datatypes.RDFDatatype;
import org.apache.jena.datatypes.TypeMapper;
import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.apache.jena.graph.NodeFactory;
import org.apache.jena.irix.IRIException;
import org.apache.jena.irix.IRIx;

/**
 * The type a parameter variable declares by its suffix, in grlc's convention: {@code _iri},
 * {@code _xsd_integer} (any XSD datatype), a language tag such as {@code _de}, or none for a plain
 * string. A value is checked against the type and becomes an RDF term, never query text.
 */
public record ParameterType(Kind kind, String datatypeIri, String language) {
    public enum Kind { IRI, TYPED, LANG_STRING, STRING }

    private static final Pattern LANG = Pattern.compile("[a-z]{2,3}");
    /** The longest value a parameter takes (IRIs included). */
    public static final int MAX_LENGTH = 2000;

    public static final ParameterType IRI = new ParameterType(Kind.IRI, null, null);
    public static final ParameterType STRING = new ParameterType(Kind.STRING, null, null);

    /**
     * Splits a variable name without its leading underscores ({@code region_iri}) into the parameter
     * name and its type. Returns the type and the length of the name part.
     */
    static Named parse(String nameAndType) {
        int xsd = nameAndType.lastIndexOf("_xsd_");
        if (xsd > 0) {
            String local = nameAndType.substring(xsd + "_xsd_".length());
            String iri = XSDDatatype.XSD + "#" + local;
            if (TypeMapper.getInstance().getTypeByName(iri) == null)
                throw new IllegalArgumentException("unknown XSD datatype xsd:" + local);
            return new Named(nameAndType.substring(0, xsd), new ParameterType(Kind.TYPED, iri, null));
        }
        int last = nameAndType.lastIndexOf('_');
        if (last > 0) {
            String suffix = nameAndType.substring(last + 1);
            String name = nameAndType.substring(0, last);
            if (suffix.equals("iri")) return new Named(name, IRI);
            if (suffix.equals("integer") || suffix.equals("number"))
                return new Named(name, new ParameterType(Kind.TYPED, XSDDatatype.XSDinteger.getURI(), null));
            if (suffix.equals("literal") || suffix.equals("string")) return new Named(name, STRING);
            if (LANG.matcher(suffix).matches()) return new Named(name, new ParameterType(Kind.LANG_STRING, null, suffix));
        }
        return new Named(nameAndType, STRING);
    }

    record Named(String name, ParameterType type) {}

    /** A short name for documentation and the catalogue: {@code iri}, {@code xsd:date}, {@code string@de}, {@code string}. */
    public String label() {
        return switch (kind) {
            case IRI -> "iri";
            case TYPED -> "xsd:" + datatypeIri.substring(datatypeIri.indexOf('#') + 1);
            case LANG_STRING -> "string@" + language;
            case STRING -> "string";
        };
    }

    /** The value as an RDF term, or a reason why it does not fit. */
    public Node toNode(String value) throws InvalidValue {
        if (value.length() > MAX_LENGTH)
            throw new InvalidValue("is longer than " + MAX_LENGTH + " characters");
        return switch (kind) {
            case IRI -> iri(value);
            case TYPED -> typed(value);
            case LANG_STRING -> NodeFactory.createLiteralLang(value, language);
            case STRING -> NodeFactory.createLiteralString(value);
        };
    }

    private static Node iri(String value) throws InvalidValue {
        try {
            IRIx iri = IRIx.create(value);
            // An IRI with a fragment (the ontology's terms: ...def#Company) is fine; a relative one is not.
            if (!iri.isReference() || iri.hasViolations())
                throw new InvalidValue("is not an absolute IRI");
            String scheme = Optional.ofNullable(iri.scheme()).orElse("").toLowerCase(Locale.ROOT);
            if (!scheme.equals("http") && !scheme.equals("https") && !scheme.equals("urn"))
                throw new InvalidValue("is not an http, https or urn IRI");
            return NodeFactory.createURI(iri.str());
        } catch (IRIException e) {
            throw new InvalidValue("is not a valid IRI (" + e.getMessage() + ")");
        }
    }

    private Node typed(String value) throws InvalidValue {
        RDFDatatype datatype = TypeMapper.getInstance().getSafeTypeByName(datatypeIri);
        if (!datatype.isValid(value))
            throw new InvalidValue("is not a valid " + label() + " (e.g. " + example() + ")");
        return NodeFactory.createLiteralDT(value, datatype);
    }

    /** An example value, for error messages and the API description. */
    public String example() {
        return switch (kind) {
            case IRI -> "https://w3id.org/regiokg/id/place/suedwestfalen";
            case TYPED -> switch (datatypeIri.substring(datatypeIri.indexOf('#') + 1)) {
                case "date" -> "2020-11-01";
                case "gYear" -> "2018";
                case "dateTime" -> "2020-11-01T12:00:00Z";
                case "decimal", "double", "float" -> "12.5";
                case "boolean" -> "true";
                default -> "10";
            };
            case LANG_STRING, STRING -> "Arnsberg";
        };
    }

    /** A value that does not fit its parameter's type; the message completes "the value …". */
    public static final class InvalidValue extends Exception {
        public InvalidValue(String message) {
            super(message);
        }
    }
}
