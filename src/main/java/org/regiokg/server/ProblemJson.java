package org.regiokg.server;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

import jakarta.servlet.http.HttpServletResponse;

/** A problem document as bytes, for the places that answer outside Javalin (servlet filter, Jetty errors). */
final class ProblemJson {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ProblemJson() {}

    static byte[] bytes(Problem problem) {
        try {
            return JSON.writeValueAsBytes(problem);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    static void send(HttpServletResponse resp, Problem problem) throws IOException {
        byte[] body = bytes(problem);
        resp.setStatus(problem.status());
        resp.setContentType(Problem.MEDIA_TYPE);
        resp.setContentLength(body.length);
        resp.getOutputStream().write(body);
    }
}
