package org.regiokg.server;

import java.net.URL;

import org.eclipse.jetty.ee10.servlet.ResourceServlet;

/**
 * Jetty's resource servlet over a folder on the classpath (inside the jar when packaged).
 * Fuseki's builder takes servlet instances without init parameters, so they are given here.
 */
class ClasspathFiles extends ResourceServlet {
    private final String baseResource;

    /** Serves {@code classpathFolder}, found by a file known to be in it. */
    ClasspathFiles(String classpathFolder, String knownFile) {
        String path = classpathFolder + "/" + knownFile;
        URL marker = ClasspathFiles.class.getClassLoader().getResource(path);
        if (marker == null)
            throw new IllegalStateException("not on the classpath: " + path);
        String url = marker.toExternalForm();
        this.baseResource = url.substring(0, url.length() - knownFile.length());
    }

    @Override
    public String getInitParameter(String name) {
        return switch (name) {
            case "baseResource" -> baseResource;
            case "pathInfoOnly" -> "true";
            case "dirAllowed" -> "false";
            case "welcomeServlets" -> "false";
            case "redirectWelcome" -> "false";
            case "etags" -> "true";
            default -> super.getInitParameter(name);
        };
    }
}
