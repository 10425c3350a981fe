package org.regiokg.ingest;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Reading a CSV file's bytes: encoding, delimiter, header, cells, sizes. Unit: no store. */
class CsvTableTest {

    static CsvTable read(String text) {
        return CsvTable.read("t.csv", text.getBytes(StandardCharsets.UTF_8), CsvTable.DEFAULT_MAX_BYTES);
    }

    static String refusal(byte[] bytes, long max) {
        try {
            CsvTable.read("t.csv", bytes, max);
        } catch (ImportFailed e) {
            assertThat(e.source()).isEqualTo("t.csv");
            return e.getMessage();
        }
        throw new AssertionError("the file was accepted");
    }

    static String refusal(String text) {
        return refusal(text.getBytes(StandardCharsets.UTF_8), CsvTable.DEFAULT_MAX_BYTES);
    }

    @ParameterizedTest
    @ValueSource(strings = {",", ";", "\t"})
    void theDelimiterIsCommaSemicolonOrTab(String d) {
        CsvTable t = read("name" + d + "town\nBJB" + d + "Arnsberg\n");
        assertThat(t.delimiter()).isEqualTo(d.charAt(0));
        assertThat(t.header()).containsExactly("name", "town");
        assertThat(t.rows()).hasSize(1);
        assertThat(t.rows().get(0).cells()).containsEntry("name", "BJB").containsEntry("town", "Arnsberg");
    }

    @Test
    void theHeaderDecidesTheDelimiterSoCommasInCellsOfASemicolonFileStay() {
        CsvTable t = read("name;amount\nGEA;26550,00\n");
        assertThat(t.delimiter()).isEqualTo(';');
        assertThat(t.rows().get(0).cells().get("amount")).isEqualTo("26550,00");
    }

    @Test
    void aByteOrderMarkIsDropped() {
        CsvTable t = read("\uFEFFname,town\nBJB,Arnsberg\n");
        assertThat(t.header()).containsExactly("name", "town");
    }

    @Test
    void quotedCellsMayHoldDelimitersQuotesAndLineBreaks() {
        CsvTable t = read("name,note\n\"Lübke & Vogt, Attendorn\",\"says \"\"hello\"\"\nand more\"\nBJB,x\n");
        assertThat(t.rows()).hasSize(2);
        assertThat(t.rows().get(0).cells().get("name")).isEqualTo("Lübke & Vogt, Attendorn");
        assertThat(t.rows().get(0).cells().get("note")).isEqualTo("says \"hello\"\nand more");
        // The second row starts on line 4: the quoted line break counts.
        assertThat(t.rows().get(1).line()).isEqualTo(4);
        assertThat(t.rows().get(1).number()).isEqualTo(2);
    }

    @Test
    void cellsAndHeaderNamesAreTrimmedAndEmptyLinesSkipped() {
        CsvTable t = read(" name , town \n  BJB  ,Arnsberg \n\n\nHella,Lippstadt\r\n");
        assertThat(t.header()).containsExactly("name", "town");
        assertThat(t.rows()).extracting(r -> r.cells().get("name")).containsExactly("BJB", "Hella");
        assertThat(t.rows()).extracting(CsvTable.Row::number).containsExactly(1L, 2L);
    }

    @Test
    void bytesThatAreNotUtf8AreRefusedWithTheirLineAndOffset() {
        byte[] latin1 = "name,town\nM\u00FCller,Siegen\n".getBytes(StandardCharsets.ISO_8859_1);
        String message = refusal(latin1, CsvTable.DEFAULT_MAX_BYTES);
        assertThat(message).contains("line 2", "is not UTF-8 (byte 11 of the file, 0xFC)", "CSV UTF-8");
    }

    @Test
    void aFileAboveTheLimitIsRefusedBeforeReading() {
        byte[] bytes = "name,town\nBJB,Arnsberg\n".getBytes(StandardCharsets.UTF_8);
        assertThat(refusal(bytes, 10)).contains("the file has " + bytes.length + " bytes; at most 10 are accepted");
        assertThat(CsvTable.read("t.csv", bytes, bytes.length).rows()).hasSize(1);
    }

    @Test
    void anEmptyFileAndAHeaderWithoutRowsAreRefused() {
        assertThat(refusal("")).contains("the file is empty");
        assertThat(refusal(" \n\n")).contains("the file is empty");
        assertThat(refusal("name,town\n")).contains("has a header but no rows");
    }

    @Test
    void aSingleColumnHeaderNamesTheCharactersThatMightBeTheDelimiter() {
        assertThat(refusal("name|town\nBJB|Arnsberg\n")).contains("line 1", "single column", "'|'", "comma, semicolon or tab");
        assertThat(refusal("name\nBJB\n")).contains("the header has a single column: the delimiter");
    }

    @Test
    void aHeaderWithAnEmptyOrTwiceNamedColumnIsRefused() {
        assertThat(refusal("name,,town\na,b,c\n")).contains("the header has an empty column name");
        assertThat(refusal("name,town,name\na,b,c\n")).contains("the header names the column 'name' twice");
    }

    @Test
    void everyRowWithAnotherNumberOfCellsIsReportedAtOnce() {
        String message = refusal("name,town\nBJB,Arnsberg,extra\nHella,Lippstadt\nERCO\n");
        assertThat(message).contains("2 problems", "row 1 (line 2): has 3 cells; the header has 2", "row 3 (line 4): has 1 cells; the header has 2");
    }

    @Test
    void anUnclosedQuoteIsInvalidCsv() {
        assertThat(refusal("name,town\n\"BJB,Arnsberg\n")).contains("is not valid CSV");
    }

    @Test
    void rowsKeepTheHeaderOrder() {
        CsvTable t = read("b,a,c\n2,1,3\n");
        assertThat(List.copyOf(t.rows().get(0).cells().keySet())).containsExactly("b", "a", "c");
    }
}
