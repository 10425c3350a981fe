package org.regiokg.link;

import java.util.List;

/** One row of a review file, checked: a thing, a Wikidata item, the score and evidence, accepted or not. */
public record ReviewRow(long row, String thing, String candidate, double score, List<String> evidence, boolean accepted) {}
