package org.regiokg.server;

import java.io.IOException;
import java.net.URL;

import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;

import org.eclipse.jetty.ee10.servlet.ResourceServlet;

/**
 * Jetty's resource servlet over a folder on the classpath (inside the jar when packaged).
 * Fuseki's builder takes servlet instances without init parameters, so they are given here.
 * Jetty's init mounts the 60-MB jar as a file system (a fifth of a start-up's CPU): that waits for
 * the first request of a file, so the server answers its first question sooner.
 */
class ClasspathFiles extends ResourceServlet {
    private final String baseResource;
    private volatile boolean started;

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
    public void init() {
        // Deferred to the first request (see the class comment).
    }

    @Override
    public void service(ServletRequest req, ServletResponse res) throws ServletException, IOException {
        if (!started) start();
        super.service(req, res);
    }

    private synchronized void start() throws ServletException {
        if (started) return;
        super.init();
        started = true;
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
