package org.regiokg.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.jena.datatypes.xsd.XSDDatatype;
import org.apache.jena.graph.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/** The column types of CSV mappings: what a cell must look like and the RDF term it becomes. Unit: no store. */
class ColumnTypeTest {

    static ColumnType type(String spec) {
        return ColumnType.parse(spec).orElseThrow();
    }

    @ParameterizedTest
    @ValueSource(strings = {"text", "url", "integer", "decimal", "year", "date", "concept", " Text ", "DATE", "text@de", "text@deu"})
    void knownTypes(String spec) {
        assertThat(ColumnType.parse(spec)).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "string", "number", "text@", "text@d", "text@de-DE", "text@germany", "iri"})
    void unknownTypes(String spec) {
        assertThat(ColumnType.parse(spec)).isEmpty();
    }

    @Test
    void numericTypes() {
        assertThat(type("integer").isNumeric()).isTrue();
        assertThat(type("decimal").isNumeric()).isTrue();
        assertThat(type("year").isNumeric()).isTrue();
        assertThat(type("date").isNumeric()).isFalse();
        assertThat(type("text").isNumeric()).isFalse();
        assertThat(type("url").isNumeric()).isFalse();
    }

    @Test
    void textWithAndWithoutLanguage() throws Exception {
        Node plain = type("text").toNode("Südwestfalen");
        assertThat(plain.getLiteralLexicalForm()).isEqualTo("Südwestfalen");
        assertThat(plain.getLiteralLanguage()).isEmpty();
        Node german = type("TEXT@DE").toNode("Südwestfalen");
        assertThat(german.getLiteralLanguage()).isEqualTo("de");
    }

    @Test
    void aDecimalWithAGermanCommaBecomesAPoint() throws Exception {
        Node n = type("decimal").toNode("26550,00");
        assertThat(n.getLiteralLexicalForm()).isEqualTo("26550.00");
        assertThat(n.getLiteralDatatype()).isEqualTo(XSDDatatype.XSDdecimal);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "integer | 1912       | http://www.w3.org/2001/XMLSchema#integer",
            "integer | -3         | http://www.w3.org/2001/XMLSchema#integer",
            "year    | 2009       | http://www.w3.org/2001/XMLSchema#gYear",
            "date    | 2018-06-25 | http://www.w3.org/2001/XMLSchema#date",
            "decimal | 12.5       | http://www.w3.org/2001/XMLSchema#decimal",
    })
    void typedCells(String spec, String value, String datatype) throws Exception {
        Node n = type(spec).toNode(value);
        assertThat(n.getLiteralLexicalForm()).isEqualTo(value);
        assertThat(n.getLiteralDatatypeURI()).isEqualTo(datatype);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "integer | 1.912      | a whole number",
            "integer | 12 Mio     | a whole number",
            "year    | 09         | a year",
            "year    | 2009/10    | a year",
            "date    | 25.06.2018 | a date such as 2018-06-25",
            "date    | 2018-02-30 | a date",
            "decimal | ca. 2000   | a number",
    })
    void cellsThatDoNotFitTheirTypeAreRefusedWithTheValueAndAnExample(String spec, String value, String expected) {
        assertThatThrownBy(() -> type(spec).toNode(value))
                .isInstanceOf(ColumnType.InvalidCell.class)
                .hasMessageStartingWith("'" + value + "' is not ")
                .hasMessageContaining(expected);
    }

    @Test
    void aDecimalWithThousandsSeparatorsIsRefused() {
        // The message shows the value after the comma became a point.
        assertThatThrownBy(() -> type("decimal").toNode("1.000,50"))
                .isInstanceOf(ColumnType.InvalidCell.class).hasMessage("'1.000.50' is not a number such as 26550.00");
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://www.wp.de/wirtschaft/a-b-id212724777.html", "http://example.org/", "HTTPS://example.org/x"})
    void webAddresses(String value) throws Exception {
        assertThat(type("url").toNode(value).getURI()).isEqualTo(value);
    }

    @ParameterizedTest
    @ValueSource(strings = {"www.wp.de/artikel", "ftp://example.org/file", "mailto:someone@example.org", "javascript:alert(1)",
            "https://example.org/a b", "/relative/path", "urn:isbn:0451450523"})
    void otherAddressesAreRefused(String value) {
        assertThatThrownBy(() -> type("url").toNode(value))
                .isInstanceOf(ColumnType.InvalidCell.class).hasMessageContaining("is not a web address");
    }
}
