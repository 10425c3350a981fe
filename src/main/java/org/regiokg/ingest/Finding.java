package org.regiokg.ingest;

/**
 * One problem with an input: where (line of the file, row of data, column) and what. Row 1 is the
 * first data row; line counts the header too. Unknown positions are null.
 */
public record Finding(Long line, Long row, String column, String message) {
    public static Finding file(String message) {
        return new Finding(null, null, null, message);
    }

    public static Finding line(long line, String message) {
        return new Finding(line, null, null, message);
    }

    public static Finding cell(long row, long line, String column, String message) {
        return new Finding(line, row, column, message);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (row != null) s.append("row ").append(row);
        if (line != null) s.append(s.isEmpty() ? "" : " ").append(row == null ? "line " + line : "(line " + line + ")");
        if (column != null) s.append(s.isEmpty() ? "" : ", ").append("column '").append(column).append("'");
        return (s.isEmpty() ? "" : s + ": ") + message;
    }
}
