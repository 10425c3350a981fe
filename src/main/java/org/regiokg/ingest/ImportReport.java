package org.regiokg.ingest;

import java.util.List;

/**
 * What an import did: the graph it (re)wrote, how many rows and triples, which organisations and
 * places it found in the graph and which it created, and the columns it did not use.
 * {@code unchanged} is true when the same file was imported before and nothing was written.
 */
public record ImportReport(String graph, String mapping, String file, long rows, long triples, boolean unchanged,
                           long organisationsMatched, long organisationsCreated, long placesCreated,
                           List<String> ignoredColumns, long millis) {}
