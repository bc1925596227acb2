package org.lodestar.config;

import java.util.List;
import java.util.stream.Collectors;

/** A configuration that cannot be used; carries every error found, not just the first. */
public final class ConfigException extends Exception {
    private static final long serialVersionUID = 1L;
    private final transient List<Diagnostic> errors;

    public ConfigException(List<Diagnostic> errors) {
        super(errors.size() + " configuration error(s):\n" + errors.stream().map(Diagnostic::toString)
                .collect(Collectors.joining("\n")));
        this.errors = List.copyOf(errors);
    }

    public List<Diagnostic> errors() {
        return errors;
    }
}
