package org.regiokg.link;

import java.util.List;

/** A review file that cannot be accepted; {@code problems} name the rows (the header is row 1). */
public final class InvalidReviewFile extends RuntimeException {
    private final List<String> problems;

    public InvalidReviewFile(String file, List<String> problems) {
        super(file + ": nothing was written, " + problems.size() + " problem(s):\n  " + String.join("\n  ", problems));
        this.problems = List.copyOf(problems);
    }

    public List<String> problems() {
        return problems;
    }
}
