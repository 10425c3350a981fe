package org.regiokg.sparql;

/**
 * A SPARQL file that cannot be used. The message names the file, the line (and column) where that
 * is known, and what is wrong: {@code queries/x.rq:12:5 is not valid SPARQL: ...}.
 */
public class SparqlFileException extends RuntimeException {
    private final String source;
    private final Integer line;
    private final Integer column;
    private final String problem;

    public SparqlFileException(String source, Integer line, Integer column, String problem) {
        super(source + (line == null ? "" : ":" + line + (column == null ? "" : ":" + column)) + " " + problem);
        this.source = source;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** The file or classpath resource. */
    public String source() {
        return source;
    }

    /** The line of the file (1 is the first), or null. */
    public Integer line() {
        return line;
    }

    public Integer column() {
        return column;
    }

    /** What is wrong, without the place. */
    public String problem() {
        return problem;
    }
}
