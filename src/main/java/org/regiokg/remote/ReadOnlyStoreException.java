package org.regiokg.remote;

/** A write to a remote store that RegioKG was given no update endpoint for. */
public final class ReadOnlyStoreException extends UnsupportedOperationException {
    public ReadOnlyStoreException(String message) {
        super(message);
    }
}
