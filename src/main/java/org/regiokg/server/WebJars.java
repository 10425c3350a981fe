package org.regiokg.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/** Front-end libraries packaged as WebJars (from Maven Central at build time), served at {@code /webjars/}. */
final class WebJars {
    static final String PATH = "/webjars";
    private static final String FOLDER = "META-INF/resources/webjars";

    private WebJars() {}

    /** The version of a WebJar on the classpath, from its Maven metadata. */
    static String version(String artifactId) {
        String props = "META-INF/maven/org.webjars/" + artifactId + "/pom.properties";
        try (InputStream in = WebJars.class.getClassLoader().getResourceAsStream(props)) {
            if (in == null) throw new IllegalStateException("WebJar not on the classpath: " + artifactId);
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The URL path of a file in a WebJar, e.g. {@code /webjars/swagger-ui/5.30.2/swagger-ui.css}. */
    static String url(String artifactId, String file) {
        return PATH + "/" + artifactId + "/" + version(artifactId) + "/" + file;
    }

    static final class Files extends ClasspathFiles {
        Files() {
            super(FOLDER, "swagger-ui/" + version("swagger-ui") + "/swagger-ui-bundle.js");
        }
    }
}
