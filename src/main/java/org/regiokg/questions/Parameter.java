package org.regiokg.questions;

import java.util.Optional;

/**
 * One parameter of a question, declared by a variable {@code ?_name_type} (required) or
 * {@code ?__name_type} (optional) in the query, with a default and a description from the header.
 */
public record Parameter(String name, String variable, ParameterType type, boolean required,
                        Optional<String> defaultValue, Optional<String> description) {

    /** A parameter with a default is never missing, so it is not required of the caller. */
    public boolean requiredOfCaller() {
        return required && defaultValue.isEmpty();
    }
}
