package org.regiokg.ingest;

import java.util.Map;

/**
 * What a load wrote: statements per graph (as read; a statement the graph held already is counted
 * but adds nothing), bytes read, and what the shapes were checked on.
 */
public record LoadReport(Map<String, Long> graphs, long statements, long bytes, String checked, long millis) {}
