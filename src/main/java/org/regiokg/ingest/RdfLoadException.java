package org.regiokg.ingest;

/** A source file that cannot be loaded; the message names the file and, where known, the line. */
public class RdfLoadException extends RuntimeException {
    public RdfLoadException(String message, Throwable cause) {
        super(message, cause);
    }

    public RdfLoadException(String message) {
        super(message);
    }
}
