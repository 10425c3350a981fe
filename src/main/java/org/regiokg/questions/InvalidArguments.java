package org.regiokg.questions;

import java.util.List;

import org.regiokg.problem.Finding;

/** The arguments of a call do not fit the question; each finding names a parameter and why. */
public class InvalidArguments extends RuntimeException {
    private final List<Finding> findings;

    public InvalidArguments(List<Finding> findings) {
        super(findings.stream().map(f -> f.parameter() + ": " + f.message()).reduce((a, b) -> a + "; " + b).orElse(""));
        this.findings = List.copyOf(findings);
    }

    public List<Finding> findings() {
        return findings;
    }
}
