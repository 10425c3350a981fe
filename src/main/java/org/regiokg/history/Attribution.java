package org.regiokg.history;

import java.util.Optional;

/**
 * Who writes, through what, and why: set by the caller around a write (the API with the logged-in
 * admin, a command with "command line"), read by the change log when the write commits.
 *
 * @param who the admin user, or {@code command line}, or {@code system} (the store's own upkeep)
 * @param via what carried the write: a file, a mapping, a query text
 * @param why a short reason (an import, a load, an update, a revert)
 */
public record Attribution(String who, String via, String why) {
    /** A write nobody attributed: the store's own (a derived-fact refresh when it opens), or a path not yet marked. */
    public static final Attribution UNATTRIBUTED = new Attribution("system", "", "write");
    public static final String COMMAND_LINE = "command line";

    private static final ThreadLocal<Attribution> CURRENT = new ThreadLocal<>();

    public Attribution {
        who = who == null || who.isBlank() ? "system" : who;
        via = via == null ? "" : via;
        why = why == null ? "" : why;
    }

    public static Attribution of(String who, String via, String why) {
        return new Attribution(who, via, why);
    }

    /** Attributes the writes this thread commits until the scope closes (scopes nest; the inner one wins). */
    public Scope open() {
        Attribution outer = CURRENT.get();
        CURRENT.set(this);
        return () -> {
            if (outer == null) CURRENT.remove();
            else CURRENT.set(outer);
        };
    }

    public static Optional<Attribution> current() {
        return Optional.ofNullable(CURRENT.get());
    }

    /** Closing restores the attribution that was there before. */
    public interface Scope extends AutoCloseable {
        @Override
        void close();
    }
}
