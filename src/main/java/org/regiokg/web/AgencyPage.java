package org.regiokg.web;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;

import io.javalin.http.Context;

/**
 * The agency's page at {@code /agency}: {@code web/agency.html} from the classpath, with the paths
 * of the WebJars it uses filled in ({@code {{webjar:NAME}}} becomes {@code /webjars/NAME/VERSION}),
 * so that the versions live in pom.xml only. Everything the page shows, its script fetches from the
 * stored questions under {@code /api/questions/}.
 */
public final class AgencyPage {
    private final String html;

    /** @param webjarVersions the version of each WebJar, by artifact id */
    public AgencyPage(Map<String, String> webjarVersions) {
        String template = resource("web/agency.html");
        for (Map.Entry<String, String> e : webjarVersions.entrySet())
            template = template.replace("{{webjar:" + e.getKey() + "}}", "/webjars/" + e.getKey() + "/" + e.getValue());
        if (template.contains("{{webjar:"))
            throw new IllegalStateException("web/agency.html names a WebJar the server does not know");
        this.html = template;
    }

    public void get(Context ctx) {
        ctx.header("Cache-Control", "no-cache");
        ctx.contentType("text/html; charset=utf-8");
        ctx.result(html.getBytes(StandardCharsets.UTF_8));
    }

    private static String resource(String path) {
        try (InputStream in = AgencyPage.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) throw new IllegalStateException("not on the classpath: " + path);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
