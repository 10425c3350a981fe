package org.regiokg.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import org.eclipse.jetty.ee10.servlet.ServletContextRequest;
import org.eclipse.jetty.io.EndPoint;
import org.regiokg.storage.QueryGuard;

/**
 * Gives every request a {@link QueryGuard.Request}: the queries it runs end together at the time
 * limit, and as soon as its client has gone.
 *
 * <p>Jetty does not read from a connection while a request on it is being handled, so it notices a
 * client that hung up only when it writes the answer, after the query. The kernel knows at once: the
 * server's end of the connection leaves ESTABLISHED when the client closes or resets it. On Linux
 * that state is read from {@code /proc/net/tcp} and {@code tcp6} (one read per tick for all requests);
 * elsewhere only a connection Jetty itself has closed counts.
 */
final class ClientWatch implements Filter {
    private static final List<Path> TABLES = List.of(Path.of("/proc/net/tcp"), Path.of("/proc/net/tcp6"));
    private static final long TICK_NANOS = 80_000_000;
    private static final String ESTABLISHED = "01";
    private static volatile Snapshot last;

    @Override
    public void doFilter(ServletRequest req, ServletResponse res, FilterChain chain) throws IOException, ServletException {
        ServletContextRequest jetty = ServletContextRequest.getServletContextRequest(req);
        EndPoint endPoint = jetty == null ? null : jetty.getConnectionMetaData().getConnection().getEndPoint();
        int local = req.getLocalPort(), remote = req.getRemotePort();
        try (var scope = QueryGuard.request(() -> endPoint != null && gone(endPoint, local, remote))) {
            chain.doFilter(req, res);
        }
    }

    private static boolean gone(EndPoint endPoint, int localPort, int remotePort) {
        if (!endPoint.isOpen()) return true;
        Snapshot s = snapshot();
        if (s == null) return false;
        String state = s.states.get(key(localPort, remotePort));
        return state == null || !state.equals(ESTABLISHED);
    }

    private record Snapshot(long takenNanos, Map<Long, String> states) {}

    private static long key(int localPort, int remotePort) {
        return ((long) localPort << 32) | (remotePort & 0xffffffffL);
    }

    /** The state of every TCP connection by (local port, remote port), at most one tick old; null where unreadable. */
    private static Snapshot snapshot() {
        Snapshot s = last;
        long now = System.nanoTime();
        if (s != null && now - s.takenNanos < TICK_NANOS) return s;
        Map<Long, String> states = new HashMap<>();
        boolean read = false;
        for (Path table : TABLES) {
            try {
                for (String line : Files.readAllLines(table)) {
                    String[] f = line.trim().split("\\s+");
                    if (f.length < 4 || !f[1].contains(":")) continue;
                    try {
                        int lp = Integer.parseInt(f[1].substring(f[1].lastIndexOf(':') + 1), 16);
                        int rp = Integer.parseInt(f[2].substring(f[2].lastIndexOf(':') + 1), 16);
                        // A listening or other socket on the same ports must not hide an established one.
                        states.merge(key(lp, rp), f[3], (a, b) -> a.equals(ESTABLISHED) ? a : b);
                    } catch (NumberFormatException e) {
                        // the header line
                    }
                }
                read = true;
            } catch (IOException | RuntimeException e) {
                // not Linux, or no /proc: fall back to what Jetty knows
            }
        }
        if (!read) return null;
        s = new Snapshot(now, states);
        last = s;
        return s;
    }
}
