package org.regiokg.server;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;

import org.regiokg.problem.Finding;

/**
 * An RFC 9457 problem document, as every API error is answered ({@code application/problem+json}).
 * {@code problems} lists the single findings where there are several (a parameter, a row, a column).
 */
@JsonInclude(JsonInclude.Include.NON_EMPTY)
public record Problem(String type, String title, int status, String detail, List<Finding> problems) {
    public static final String MEDIA_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://w3id.org/regiokg/problems/";

    public static Problem of(int status, String slug, String title, String detail) {
        return new Problem(TYPE_BASE + slug, title, status, detail, List.of());
    }

    public Problem withFindings(List<Finding> findings) {
        return new Problem(type, title, status, detail, List.copyOf(findings));
    }
}
