package org.regiokg.remote;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Where the questions run when the store is not embedded: a SPARQL query endpoint, and where writes
 * are wanted, an update endpoint and a Graph Store Protocol endpoint, with the credentials they take.
 * Without an update endpoint the server is read-only.
 */
public final class RemoteEndpoint {
    private final URI query;
    private final Optional<URI> update;
    private final Optional<URI> graphStore;
    private final Optional<String> user;
    private final char[] password;
    private final HttpClient http;

    private RemoteEndpoint(Builder b) {
        this.query = b.query;
        this.update = b.update;
        this.graphStore = b.graphStore;
        this.user = b.user;
        this.password = b.password;
        HttpClient.Builder http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10))
                // A store that redirects elsewhere must not get the credentials or the queries.
                .followRedirects(HttpClient.Redirect.NEVER);
        // Basic and Digest (Virtuoso's /sparql-auth): the JDK's client answers the challenge of either.
        user.ifPresent(u -> http.authenticator(new Authenticator() {
            @Override
            protected PasswordAuthentication getPasswordAuthentication() {
                return new PasswordAuthentication(u, password);
            }
        }));
        this.http = http.build();
    }

    public static Builder query(String url) {
        return new Builder(url);
    }

    public String queryUrl() {
        return query.toString();
    }

    public Optional<String> updateUrl() {
        return update.map(URI::toString);
    }

    public Optional<String> graphStoreUrl() {
        return graphStore.map(URI::toString);
    }

    /** True when writes (imports, loads, updates) can reach the store. */
    public boolean writable() {
        return update.isPresent();
    }

    /** The client every request to the store goes through (credentials, no redirects). */
    public HttpClient http() {
        return http;
    }

    @Override
    public String toString() {
        return queryUrl();
    }

    public static final class Builder {
        private final URI query;
        private Optional<URI> update = Optional.empty();
        private Optional<URI> graphStore = Optional.empty();
        private Optional<String> user = Optional.empty();
        private char[] password = new char[0];

        private Builder(String url) {
            this.query = httpUri("--sparql-endpoint", url);
        }

        public Builder update(String url) {
            this.update = Optional.ofNullable(url).map(u -> httpUri("--update-endpoint", u));
            return this;
        }

        public Builder graphStore(String url) {
            this.graphStore = Optional.ofNullable(url).map(u -> httpUri("--graph-store", u));
            return this;
        }

        public Builder credentials(String user, String password) {
            this.user = Optional.ofNullable(user).filter(u -> !u.isBlank());
            this.password = password == null ? new char[0] : password.toCharArray();
            return this;
        }

        /** The password from a file (first line), so that it appears in no process list. */
        public Builder credentials(String user, Path passwordFile) {
            try {
                String pw = passwordFile == null ? "" : Files.readString(passwordFile, StandardCharsets.UTF_8).lines().findFirst().orElse("");
                return credentials(user, pw);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the password file " + passwordFile, e);
            }
        }

        public RemoteEndpoint build() {
            return new RemoteEndpoint(this);
        }

        private static URI httpUri(String option, String url) {
            Objects.requireNonNull(url, option);
            URI uri;
            try {
                uri = URI.create(url);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException(option + " takes an http or https URL, not '" + url + "'");
            }
            if (!"http".equals(uri.getScheme()) && !"https".equals(uri.getScheme()) || uri.getHost() == null)
                throw new IllegalArgumentException(option + " takes an http or https URL, not '" + url + "'");
            return uri;
        }
    }
}
