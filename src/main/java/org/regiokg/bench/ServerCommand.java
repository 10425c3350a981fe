package org.regiokg.bench;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/**
 * How to start the server the bench times, in a process of its own: the command line that serves
 * {@code store} on {@code port} with {@code queryTimeout} as every query's time limit. The command
 * line (the cli) knows the server; the bench does not import it, and times it over HTTP only.
 */
@FunctionalInterface
public interface ServerCommand {
    List<String> command(Path store, int port, Duration queryTimeout);
}
