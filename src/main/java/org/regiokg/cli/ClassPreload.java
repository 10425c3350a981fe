package org.regiokg.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;

/**
 * Loads, on a second thread, the classes a command's start will need, in the order it needs them
 * (a list taken from a start with {@code -Xlog:class+load}; see bench/startup.sh). A cold start of
 * {@code serve} loads about 7,000 classes from the jar, most of its first seconds; the main thread
 * then finds most of them loaded while it does the rest, on the machine's other core. Classes are
 * loaded, not initialised (no static initialiser runs out of order); a name no longer in the jar is
 * skipped, so an old list costs time, never behaviour.
 */
final class ClassPreload {
    private ClassPreload() {}

    /** Starts loading the classes listed in {@code resource} (beside this class), if it exists. */
    static void start(String resource) {
        InputStream list = ClassPreload.class.getResourceAsStream(resource);
        if (list == null) return;
        org.regiokg.startup.StartupTasks.runBeforeJena(() -> load(list));
    }

    private static void load(InputStream list) {
        ClassLoader classes = ClassPreload.class.getClassLoader();
        try (BufferedReader names = new BufferedReader(new InputStreamReader(list, StandardCharsets.UTF_8))) {
            for (String name = names.readLine(); name != null; name = names.readLine()) {
                if (name.isBlank() || name.startsWith("#")) continue;
                try {
                    Class.forName(name.strip(), false, classes);
                } catch (ClassNotFoundException | LinkageError e) {
                    // Not in this build, or not loadable alone: the main thread loads what it needs as usual.
                }
            }
        } catch (IOException e) {
            // The list is an optimisation only.
        }
    }
}
