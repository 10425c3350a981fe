package org.regiokg.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.regiokg.storage.Store;
import org.regiokg.testing.TestServer;

/** The admin password cannot be guessed at network speed, and a malformed header is the caller's error, not a 500. */
@Tag("integration")
class LoginGuardTest {
    static Store store;
    static TestServer server;
    static final String UPDATE = "INSERT DATA { GRAPH <https://w3id.org/regiokg/graph/test/login> { <https://example.org/s> <https://example.org/p> 1 } }";

    @BeforeAll
    static void start() {
        store = Store.inMemory();
        server = TestServer.over(store, RegioServer.builder(store).adminPassword(TestServer.ADMIN_PASSWORD).loginLockout(Duration.ofMillis(3000)));
    }

    @AfterAll
    static void stop() {
        server.close();
        store.close();
    }

    HttpResponse<String> withAuthorization(String value) {
        return server.send(HttpRequest.newBuilder(URI.create(server.url("/kg/update")))
                .header("Authorization", value).header("Content-Type", "application/sparql-update")
                .POST(HttpRequest.BodyPublishers.ofString(UPDATE)).build());
    }

    @Test
    void malformedBasicCredentialsAre400WithoutAStackTrace() {
        for (String bad : new String[] {"Basic !!!notbase64", "Basic ", "Basic " + java.util.Base64.getEncoder().encodeToString("nocolon".getBytes())}) {
            HttpResponse<String> r = withAuthorization(bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type").orElse("")).startsWith("application/problem+json");
            assertThat(r.body()).contains("Malformed Authorization").doesNotContain("Exception").doesNotContain("at org.");
        }
        // Those count as failures of this client; a good login ends them.
        waitUntilUnlocked();
    }

    @Test
    void guessingIsSlowedDownAndASuccessEndsTheLockout() throws Exception {
        waitUntilUnlocked();
        int failures = 0, locked = 0;
        for (int i = 0; i < 12; i++) {
            int status = server.update(UPDATE, "wrong-" + i).statusCode();
            if (status == 401) failures++;
            if (status == 429) locked++;
        }
        assertThat(failures).isLessThanOrEqualTo(LoginGuardTestLimits.FREE + 1);
        assertThat(locked).isGreaterThanOrEqualTo(12 - LoginGuardTestLimits.FREE - 1);
        HttpResponse<String> whileLocked = server.update(UPDATE, TestServer.ADMIN_PASSWORD);
        assertThat(whileLocked.statusCode()).isEqualTo(429);
        assertThat(whileLocked.headers().firstValue("Retry-After")).isPresent();
        waitUntilUnlocked();
        assertThat(server.update(UPDATE, "wrong-again").statusCode()).isEqualTo(401);
    }

    /** Waits out the lock-out and logs in once with the right password (which resets the count). */
    void waitUntilUnlocked() {
        long deadline = System.currentTimeMillis() + 30_000;
        while (System.currentTimeMillis() < deadline) {
            int status = server.update(UPDATE, TestServer.ADMIN_PASSWORD).statusCode();
            if (status == 200 || status == 204) return;
            assertThat(status).isEqualTo(429);
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        }
        throw new AssertionError("still locked after 30 s");
    }

    static final class LoginGuardTestLimits {
        static final int FREE = RegioServer.LOGIN_FREE_FAILURES;
    }
}
