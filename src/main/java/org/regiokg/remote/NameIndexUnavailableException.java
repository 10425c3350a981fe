package org.regiokg.remote;

import org.apache.jena.query.QueryExecException;

/** A query that needs the full-text name index, on a server whose store is remote. */
public final class NameIndexUnavailableException extends QueryExecException {
    public NameIndexUnavailableException(String message) {
        super(message);
    }
}
