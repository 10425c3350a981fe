package org.regiokg.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/** Front-end libraries packaged as WebJars (from Maven Central at build time), served at {@code /webjars/}. */
final class WebJars {
    static final String PATH = "/webjars";
    private static final String FOLDER = "META-INF/resources/webjars";

    private WebJars() {}

    /** The WebJars the pages use (each a dependency in pom.xml), with a file known to be in each. */
    static final Map<String, String> KNOWN_FILES = Map.of(
            "swagger-ui", "swagger-ui-bundle.js",
            "leaflet", "dist/leaflet.js",
            "cytoscape", "dist/cytoscape.min.js");

    /** The version of a WebJar on the classpath, from its Maven metadata (group org.webjars or org.webjars.npm). */
    static String version(String artifactId) {
        for (String group : List.of("org.webjars", "org.webjars.npm")) {
            String props = "META-INF/maven/" + group + "/" + artifactId + "/pom.properties";
            try (InputStream in = WebJars.class.getClassLoader().getResourceAsStream(props)) {
                if (in == null) continue;
                Properties p = new Properties();
                p.load(in);
                return p.getProperty("version");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        throw new IllegalStateException("WebJar not on the classpath: " + artifactId);
    }

    /** The versions of the known WebJars, by artifact id. */
    static Map<String, String> versions() {
        Map<String, String> versions = new TreeMap<>();
        KNOWN_FILES.keySet().forEach(a -> versions.put(a, version(a)));
        return versions;
    }

    /** The URL path of a file in a WebJar, e.g. {@code /webjars/swagger-ui/5.30.2/swagger-ui.css}. */
    static String url(String artifactId, String file) {
        return PATH + "/" + artifactId + "/" + version(artifactId) + "/" + file;
    }

    /**
     * The files of one WebJar, served at {@code /webjars/ARTIFACT/*}: each WebJar is its own jar on a
     * development classpath, so one folder found by one marker file would hold only one of them.
     */
    static final class Files extends ClasspathFiles {
        Files(String artifactId) {
            super(FOLDER + "/" + artifactId, version(artifactId) + "/" + KNOWN_FILES.get(artifactId));
        }
    }
}
