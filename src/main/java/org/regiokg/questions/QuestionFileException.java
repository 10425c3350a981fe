package org.regiokg.questions;

import java.nio.file.Path;

/** A question file that cannot be used; the message names the file and what is wrong. */
public class QuestionFileException extends RuntimeException {
    public QuestionFileException(Path file, String problem) {
        super(file + " " + problem);
    }
}
