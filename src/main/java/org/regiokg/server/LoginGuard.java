package org.regiokg.server;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * In front of everything that asks for the admin's password: a malformed {@code Authorization}
 * header is a 400 (Jetty's own decoder answered 500 with a stack trace), every failed login is
 * logged with the client's address, and a client that keeps failing is locked out for a time that
 * doubles with each further failure (429 with {@code Retry-After}), so a password cannot be guessed
 * at the speed of the network. A successful login ends the lock-out of its client.
 */
final class LoginGuard extends Handler.Wrapper {
    private static final Logger LOG = LoggerFactory.getLogger(LoginGuard.class);

    private final int freeFailures;
    private final Duration firstLock;
    private final Duration longestLock;
    private final Map<String, Failures> byClient = new ConcurrentHashMap<>();

    LoginGuard(int freeFailures, Duration firstLock, Duration longestLock) {
        this.freeFailures = freeFailures;
        this.firstLock = firstLock;
        this.longestLock = longestLock;
    }

    /** This guard around {@code handler}. */
    LoginGuard wrapping(Handler handler) {
        setHandler(handler);
        return this;
    }

    private record Failures(int count, long lockedUntilMillis) {}

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        String authorization = request.getHeaders().get(HttpHeader.AUTHORIZATION);
        if (authorization == null) return super.handle(request, response, callback);
        String client = Request.getRemoteAddr(request);
        Failures failures = byClient.get(client);
        long now = System.currentTimeMillis();
        if (failures != null && failures.lockedUntilMillis() > now) {
            long seconds = Math.max(1, (failures.lockedUntilMillis() - now + 999) / 1000);
            response.getHeaders().put(HttpHeader.RETRY_AFTER, Long.toString(seconds));
            return refuse(request, response, callback, 429, "too-many-failed-logins", "Too many failed logins",
                    "This client failed to log in " + failures.count() + " times; try again in " + seconds + " s.");
        }
        if (!wellFormedBasic(authorization)) {
            failed(client, request);
            return refuse(request, response, callback, 400, "malformed-authorization", "Malformed Authorization header",
                    "The Authorization header must be 'Basic ' followed by base64 of user:password.");
        }
        return super.handle(request, response, new Callback.Nested(callback) {
            @Override
            public void succeeded() {
                observe(response.getStatus(), client, request);
                super.succeeded();
            }

            @Override
            public void failed(Throwable x) {
                observe(response.getStatus(), client, request);
                super.failed(x);
            }
        });
    }

    private void observe(int status, String client, Request request) {
        if (status == 401 || status == 403) failed(client, request);
        else if (status < 400) byClient.remove(client);
    }

    private void failed(String client, Request request) {
        Failures next = byClient.compute(client, (c, f) -> {
            int count = f == null ? 1 : f.count() + 1;
            long lock = count <= freeFailures ? 0
                    : Math.min(longestLock.toMillis(), firstLock.toMillis() << Math.min(20, count - freeFailures - 1));
            return new Failures(count, System.currentTimeMillis() + lock);
        });
        LOG.warn("Failed admin login from {} on {} {} ({} in a row{})", client, request.getMethod(),
                request.getHttpURI().getPath(), next.count(),
                next.count() > freeFailures ? "; locked for " + (next.lockedUntilMillis() - System.currentTimeMillis()) + " ms" : "");
    }

    static boolean wellFormedBasic(String authorization) {
        if (authorization.trim().equalsIgnoreCase("Basic")) return false;
        if (!authorization.regionMatches(true, 0, "Basic ", 0, 6)) return true; // other schemes: the security handler answers
        try {
            String decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()), StandardCharsets.UTF_8);
            return decoded.indexOf(':') > 0;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private static boolean refuse(Request request, Response response, Callback callback, int status, String slug, String title, String detail) {
        response.setStatus(status);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, Problem.MEDIA_TYPE);
        response.write(true, ByteBuffer.wrap(ProblemJson.bytes(Problem.of(status, slug, title, detail))), callback);
        return true;
    }
}
