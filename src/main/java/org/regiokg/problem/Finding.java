package org.regiokg.problem;

import com.fasterxml.jackson.annotation.JsonInclude;

/**
 * One problem with an input, with its place: the parameter of a call, or the line of a file, the row
 * of data (row 1 is the first data row; line counts the header too) and the column. Unknown or
 * inapplicable places are null and left out of JSON. The import API folds the line into the message:
 * {@link #lineInMessage()}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Finding(String parameter, Long line, Long row, String column, String message) {

    public static Finding parameter(String name, String message) {
        return new Finding(name, null, null, null, message);
    }

    public static Finding file(String message) {
        return new Finding(null, null, null, null, message);
    }

    public static Finding line(long line, String message) {
        return new Finding(null, line, null, null, message);
    }

    public static Finding row(Long row, String message) {
        return new Finding(null, null, row, null, message);
    }

    public static Finding row(long row, long line, String message) {
        return new Finding(null, line, row, null, message);
    }

    public static Finding cell(long row, long line, String column, String message) {
        return new Finding(null, line, row, column, message);
    }

    /** A cell whose line is not known (as the API shows it). */
    public static Finding cell(long row, String column, String message) {
        return new Finding(null, null, row, column, message);
    }

    /** This finding with its line, if any, written at the start of the message: "line 3: ...". */
    public Finding lineInMessage() {
        return line == null ? this : new Finding(parameter, null, row, column, "line " + line + ": " + message);
    }

    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        if (parameter != null) s.append(parameter);
        if (row != null) s.append(s.isEmpty() ? "" : " ").append("row ").append(row);
        if (line != null) s.append(s.isEmpty() ? "" : " ").append(row == null ? "line " + line : "(line " + line + ")");
        if (column != null) s.append(s.isEmpty() ? "" : ", ").append("column '").append(column).append("'");
        return (s.isEmpty() ? "" : s + ": ") + message;
    }
}
