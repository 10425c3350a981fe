package org.regiokg.server;

import java.net.URL;

import org.eclipse.jetty.ee10.servlet.ResourceServlet;

/**
 * Jetty's resource servlet over a folder on the classpath (inside the jar when packaged).
 * Fuseki's builder takes servlet instances without init parameters, so they are given here.
 */
class ClasspathFiles extends ResourceServlet {
    private final String baseResource;

    ClasspathFiles(String classpathFolder) {
        URL marker = ClasspathFiles.class.getClassLoader().getResource(classpathFolder + "/index.html");
        if (marker == null)
            throw new IllegalStateException("classpath folder " + classpathFolder + " has no index.html");
        String url = marker.toExternalForm();
        this.baseResource = url.substring(0, url.length() - "index.html".length());
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
