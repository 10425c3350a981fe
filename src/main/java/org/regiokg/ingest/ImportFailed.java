package org.regiokg.ingest;

import java.util.List;

import org.regiokg.problem.Finding;

/** An import that was refused before anything was written; every problem found is listed. */
public class ImportFailed extends RuntimeException {
    private final String source;
    private final List<Finding> findings;

    public ImportFailed(String source, List<Finding> findings) {
        super(source + ": " + findings.size() + " problem" + (findings.size() == 1 ? "" : "s") + ", nothing imported:\n  "
                + String.join("\n  ", findings.stream().limit(200).map(Finding::toString).toList())
                + (findings.size() > 200 ? "\n  … and " + (findings.size() - 200) + " more" : ""));
        this.source = source;
        this.findings = List.copyOf(findings);
    }

    public ImportFailed(String source, Finding finding) {
        this(source, List.of(finding));
    }

    public String source() {
        return source;
    }

    public List<Finding> findings() {
        return findings;
    }
}
