package org.regiokg.bench;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * An operation's SPARQL as RegioKG ran it: the text a peer runs too, and the rows {@code /kg/sparql}
 * gave for it (the reference a peer must match before it is timed).
 */
record TimedQuestion(String name, String sparql, List<String> vars, List<List<String>> rows, boolean ordered) {

    /**
     * The values of {@code vars}, row by row, of a SPARQL JSON results document ("" where unbound);
     * an ASK answer is one row holding "true" or "false".
     */
    static List<List<String>> rows(JsonNode sparqlJson, List<String> vars) {
        List<List<String>> rows = new ArrayList<>();
        if (sparqlJson.has("boolean")) {
            rows.add(List.of(sparqlJson.get("boolean").asText()));
            return rows;
        }
        for (JsonNode binding : sparqlJson.path("results").path("bindings")) {
            List<String> row = new ArrayList<>(vars.size());
            for (String v : vars) row.add(binding.path(v).path("value").asText(""));
            rows.add(row);
        }
        return rows;
    }

    /** Null when {@code peerRows} are RegioKG's rows in the same order; otherwise the first difference. */
    String differenceFrom(List<List<String>> peerRows) {
        if (peerRows.size() != rows.size()) return rows.size() + " rows from RegioKG, " + peerRows.size() + " from the peer";
        if (!ordered) {
            // No ORDER BY: each store gives its own index order; a page may hold other rows, a whole answer the same.
            var mine = new ArrayList<>(rows.stream().map(Object::toString).sorted().toList());
            var theirs = new ArrayList<>(peerRows.stream().map(Object::toString).sorted().toList());
            return mine.equals(theirs) ? null : "the rows differ as sets (no ORDER BY)";
        }
        for (int i = 0; i < rows.size(); i++)
            for (int j = 0; j < rows.get(i).size(); j++)
                if (!rows.get(i).get(j).equals(peerRows.get(i).get(j)))
                    return "row " + i + " ?" + vars.get(j) + ": " + rows.get(i).get(j) + " from RegioKG, " + peerRows.get(i).get(j) + " from the peer";
        return null;
    }
}
