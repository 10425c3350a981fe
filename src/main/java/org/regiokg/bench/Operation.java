package org.regiokg.bench;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * One read operation the bench times, as {@code bench/operations.yaml} declares it: a stored
 * question with its arguments (then also timed as raw SPARQL and on the peers), or a plain HTTP
 * request. Values may hold placeholders until {@link #filled} replaces them.
 */
record Operation(String name, String group, String question, Map<String, String> args,
                 String method, String path, Map<String, String> params, String accept,
                 boolean peers, boolean optional) {

    Operation {
        args = Map.copyOf(args);
        params = Map.copyOf(params);
    }

    boolean isQuestion() {
        return question != null;
    }

    /** The same operation with every argument, parameter and the path passed through {@code fill}. */
    Operation filled(UnaryOperator<String> fill) {
        return new Operation(name, group, question, fillAll(args, fill), method, path == null ? null : fill.apply(path),
                fillAll(params, fill), accept, peers, optional);
    }

    /** How the request reads in a table: method and path. */
    String request() {
        return isQuestion() ? "GET /api/questions/" + question : method + " " + path;
    }

    private static Map<String, String> fillAll(Map<String, String> values, UnaryOperator<String> fill) {
        Map<String, String> filled = new LinkedHashMap<>();
        values.forEach((k, v) -> filled.put(k, fill.apply(v)));
        return filled;
    }
}
