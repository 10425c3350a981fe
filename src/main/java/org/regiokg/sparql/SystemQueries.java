package org.regiokg.sparql;

/**
 * System queries are read (and their declared columns checked) when the class beside them loads.
 * A server loads the classes it will use at start, so that a broken edit of one of their files fails
 * the start with the file and line, not a request later.
 */
public final class SystemQueries {
    private SystemQueries() {}

    /** Loads these classes now, reading and checking their system queries. */
    public static void check(Class<?>... owners) {
        for (Class<?> owner : owners) {
            try {
                Class.forName(owner.getName(), true, owner.getClassLoader());
            } catch (ClassNotFoundException e) {
                throw new IllegalStateException(e);
            } catch (ExceptionInInitializerError e) {
                if (e.getCause() instanceof RuntimeException r) throw r;
                throw e;
            }
        }
    }
}
