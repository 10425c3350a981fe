package org.regiokg.questions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The types of question parameters: the suffix a variable declares, and each type's accepted and refused values. Unit: no store. */
class ParameterTypeTest {

    @ParameterizedTest(name = "{0} is {1} of type {2}")
    @CsvSource({
            "region_iri,          region,    iri",
            "year_xsd_gYear,      year,      xsd:gYear",
            "asOf_xsd_date,       asOf,      xsd:date",
            "limit_integer,       limit,     xsd:integer",
            "limit_number,        limit,     xsd:integer",
            "name_literal,        name,      string",
            "name_string,         name,      string",
            "name_de,             name,      string@de",
            "name_deu,            name,      string@deu",
            "niche,               niche,     string",
            "town_name,           town_name, string",
            "a_b_iri,             a_b,       iri",
    })
    void theSuffixDeclaresTheType(String variable, String name, String label) {
        ParameterType.Named named = ParameterType.parse(variable);
        assertThat(named.name()).isEqualTo(name);
        assertThat(named.type().label()).isEqualTo(label);
    }

    @Test
    void aLeadingUnderscoreIsNoSuffix() {
        // "_iri" alone: the underscore is at position 0, so the whole is the name.
        assertThat(ParameterType.parse("iri").type()).isEqualTo(ParameterType.STRING);
    }

    @Test
    void anUnknownXsdDatatypeIsRefusedWhenTheQueryIsRead() {
        assertThatThrownBy(() -> ParameterType.parse("x_xsd_nosuchtype"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("xsd:nosuchtype");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://w3id.org/regiokg/id/place/suedwestfalen", "http://example.org/a",
            "https://w3id.org/regiokg/def#Company", "urn:isbn:0451450523", "HTTPS://example.org/upper-scheme"})
    void anIriParameterTakesAbsoluteHttpHttpsAndUrnIris(String value) throws Exception {
        Node n = ParameterType.IRI.toNode(value);
        assertThat(n.isURI()).isTrue();
        assertThat(n.getURI()).isEqualTo(value);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "place/suedwestfalen          | is not an absolute IRI",
            "ftp://example.org/file       | is not an http, https or urn IRI",
            "mailto:someone@example.org   | is not an http, https or urn IRI",
            "file:///etc/passwd           | is not an http, https or urn IRI",
    })
    void anIriParameterRefusesRelativeAndOtherSchemes(String value, String reason) {
        assertThatThrownBy(() -> ParameterType.IRI.toNode(value))
                .isInstanceOf(ParameterType.InvalidValue.class).hasMessageContaining(reason);
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://exa mple.org/space", "http://example.org/<x>", "https://example.org/{a}"})
    void anIriParameterRefusesCharactersThatCouldBreakOutOfAnIri(String value) {
        assertThatThrownBy(() -> ParameterType.IRI.toNode(value)).isInstanceOf(ParameterType.InvalidValue.class);
    }

    @Test
    void aTypedParameterMakesATypedLiteral() throws Exception {
        Node n = ParameterType.parse("asOf_xsd_date").type().toNode("2018-06-25");
        assertThat(n.getLiteralLexicalForm()).isEqualTo("2018-06-25");
        assertThat(n.getLiteralDatatype()).isEqualTo(XSDDatatype.XSDdate);
        assertThat(ParameterType.parse("limit_integer").type().toNode("1000").getLiteralDatatype()).isEqualTo(XSDDatatype.XSDinteger);
    }

    @ParameterizedTest
    @CsvSource({
            "asOf_xsd_date,    2018-13-01",
            "asOf_xsd_date,    25.06.2018",
            "asOf_xsd_date,    2018",
            "year_xsd_gYear,   twenty",
            "limit_integer,    12.5",
            "limit_integer,    ten",
            "limit_integer,    '1; DROP ALL'",
            "ok_xsd_boolean,   yes",
    })
    void aTypedParameterRefusesValuesOutsideItsType(String variable, String value) {
        ParameterType type = ParameterType.parse(variable).type();
        assertThatThrownBy(() -> type.toNode(value))
                .isInstanceOf(ParameterType.InvalidValue.class)
                .hasMessageContaining("is not a valid " + type.label())
                .hasMessageContaining("e.g. " + type.example());
    }

    @Test
    void theExampleOfEachTypeIsAcceptedByIt() throws Exception {
        for (String v : new String[] {"a_iri", "a_xsd_date", "a_xsd_gYear", "a_xsd_dateTime", "a_xsd_decimal", "a_xsd_boolean", "a_integer", "a", "a_de"}) {
            ParameterType t = ParameterType.parse(v).type();
            assertThat(t.toNode(t.example())).as(v).isNotNull();
        }
    }

    @Test
    void stringsAreLiteralsNeverQueryText() throws Exception {
        String injection = "\" } ; DROP ALL ; #";
        Node plain = ParameterType.STRING.toNode(injection);
        assertThat(plain.isLiteral()).isTrue();
        assertThat(plain.getLiteralLexicalForm()).isEqualTo(injection);
        Node german = ParameterType.parse("name_de").type().toNode("Südwestfalen");
        assertThat(german.getLiteralLanguage()).isEqualTo("de");
        assertThat(german.getLiteralLexicalForm()).isEqualTo("Südwestfalen");
    }

    @Test
    void aValueOfAtMost2000CharactersIsAcceptedAndALongerOneRefused() throws Exception {
        assertThat(ParameterType.STRING.toNode("x".repeat(2000)).getLiteralLexicalForm()).hasSize(2000);
        assertThatThrownBy(() -> ParameterType.STRING.toNode("x".repeat(2001)))
                .isInstanceOf(ParameterType.InvalidValue.class).hasMessage("is longer than 2000 characters");
        assertThatThrownBy(() -> ParameterType.IRI.toNode("https://example.org/" + "a".repeat(2000)))
                .isInstanceOf(ParameterType.InvalidValue.class).hasMessageContaining("longer than 2000");
    }
}
