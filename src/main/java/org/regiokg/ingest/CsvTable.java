package org.regiokg.ingest;

import java.io.IOException;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.apache.commons.csv.CSVFormat;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;
import org.regiokg.problem.Finding;

/**
 * A CSV file read whole and checked for structure: UTF-8 (strictly), a delimiter of comma,
 * semicolon or tab (as spreadsheets in Germany export), a header with unique names, and the same
 * number of cells in every row. Parsing is Apache Commons CSV (RFC 4180 quoting).
 */
public final class CsvTable {
    public static final long DEFAULT_MAX_BYTES = 64L * 1024 * 1024;
    private static final char[] DELIMITERS = {',', ';', '\t'};

    public record Row(long number, long line, Map<String, String> cells) {}

    private final String source;
    private final List<String> header;
    private final List<Row> rows;
    private final char delimiter;

    private CsvTable(String source, List<String> header, List<Row> rows, char delimiter) {
        this.source = source;
        this.header = header;
        this.rows = rows;
        this.delimiter = delimiter;
    }

    public String source() {
        return source;
    }

    public List<String> header() {
        return header;
    }

    public List<Row> rows() {
        return rows;
    }

    public char delimiter() {
        return delimiter;
    }

    /** Reads and checks the bytes of a CSV file named {@code source} (for messages). */
    public static CsvTable read(String source, byte[] bytes, long maxBytes) {
        if (bytes.length > maxBytes)
            throw new ImportFailed(source, Finding.file("the file has " + bytes.length + " bytes; at most " + maxBytes + " are accepted"));
        String text = decode(source, bytes);
        if (text.startsWith("\uFEFF")) text = text.substring(1);
        if (text.isBlank())
            throw new ImportFailed(source, Finding.file("the file is empty: it needs a header line and at least one row"));
        String headerLine = text.lines().findFirst().orElse("");
        char delimiter = delimiterOf(source, headerLine);
        CSVFormat format = CSVFormat.RFC4180.builder().setDelimiter(delimiter).setIgnoreEmptyLines(true).get();
        List<Finding> findings = new ArrayList<>();
        List<String> header = new ArrayList<>();
        List<Row> rows = new ArrayList<>();
        try (CSVParser parser = CSVParser.parse(new StringReader(text), format)) {
            long rowNumber = 0;
            LineCounter lines = new LineCounter(text);
            for (CSVRecord record : parser) {
                if (header.isEmpty()) {
                    for (String h : record) header.add(h.trim());
                    checkHeader(header, findings);
                    continue;
                }
                rowNumber++;
                long line = lines.lineAt(record.getCharacterPosition());
                if (record.size() != header.size()) {
                    findings.add(Finding.row(rowNumber, line, "has " + record.size() + " cells; the header has " + header.size()));
                    continue;
                }
                Map<String, String> cells = new LinkedHashMap<>();
                for (int i = 0; i < header.size(); i++) cells.put(header.get(i), record.get(i).strip());
                rows.add(new Row(rowNumber, line, cells));
            }
        } catch (IOException | IllegalStateException | java.io.UncheckedIOException e) {
            // The innermost message says where; the exception classes wrapped around it are no help to the user.
            Throwable cause = e;
            while (cause.getCause() != null) cause = cause.getCause();
            findings.add(Finding.file("is not valid CSV: " + cause.getMessage()));
        }
        if (findings.isEmpty() && rows.isEmpty())
            findings.add(Finding.file("has a header but no rows"));
        if (!findings.isEmpty()) throw new ImportFailed(source, findings);
        return new CsvTable(source, List.copyOf(header), List.copyOf(rows), delimiter);
    }

    private static String decode(String source, byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        try {
            return decoder.decode(ByteBuffer.wrap(bytes)).toString();
        } catch (MalformedInputException e) {
            int offset = firstMalformed(bytes);
            long line = 1;
            for (int i = 0; i < offset; i++) if (bytes[i] == '\n') line++;
            throw new ImportFailed(source, Finding.line(line, "is not UTF-8 (byte " + offset + " of the file, 0x"
                    + String.format("%02X", bytes[offset]) + "); save the file as UTF-8 (e.g. 'CSV UTF-8' in a spreadsheet)"));
        } catch (CharacterCodingException e) {
            throw new ImportFailed(source, Finding.file("is not UTF-8: " + e.getMessage()));
        }
    }

    private static int firstMalformed(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        var out = java.nio.CharBuffer.allocate(bytes.length + 1);
        var result = decoder.decode(in, out, true);
        return result.isError() ? in.position() : 0;
    }

    private static char delimiterOf(String source, String headerLine) {
        char best = ',';
        int most = -1;
        for (char d : DELIMITERS) {
            int n = (int) headerLine.chars().filter(c -> c == d).count();
            if (n > most) {
                most = n;
                best = d;
            }
        }
        if (most == 0) {
            String other = headerLine.replaceAll("[\\p{L}\\p{N}_ \"-]", "");
            throw new ImportFailed(source, Finding.line(1, "the header has a single column" + (other.isEmpty() ? ""
                    : " and the characters '" + other.chars().distinct().mapToObj(c -> String.valueOf((char) c)).reduce("", String::concat) + "'")
                    + ": the delimiter must be a comma, semicolon or tab"));
        }
        return best;
    }

    private static void checkHeader(List<String> header, List<Finding> findings) {
        List<String> seen = new ArrayList<>();
        for (String h : header) {
            if (h.isEmpty()) findings.add(Finding.line(1, "the header has an empty column name"));
            else if (seen.contains(h)) findings.add(Finding.line(1, "the header names the column '" + h + "' twice"));
            seen.add(h);
        }
    }

    /** Line numbers of ascending character positions, counted once through the text. */
    private static final class LineCounter {
        private final String text;
        private int position;
        private long line = 1;

        LineCounter(String text) {
            this.text = text;
        }

        long lineAt(long charPosition) {
            for (; position < charPosition && position < text.length(); position++)
                if (text.charAt(position) == '\n') line++;
            return line;
        }
    }
}
