package org.regiokg.link;

import java.util.List;

/** One candidate for one thing, with its score (0 to 1) and the evidence behind it. */
public record Proposal(LocalThing thing, LinkCandidate candidate, double score, List<String> evidence) {}
