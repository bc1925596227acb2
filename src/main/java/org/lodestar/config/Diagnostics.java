package org.lodestar.config;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The findings about one file, each {@code FILE:LINE: message}: errors, which refuse the file, and warnings. Both
 * come out in line order; findings about the same line keep the order in which they were found.
 */
final class Diagnostics {
    private static final Comparator<Diagnostic> BY_LINE = Comparator.comparingInt(Diagnostic::line);

    private final String file;
    private final List<Diagnostic> errors = new ArrayList<>();
    private final List<Diagnostic> warnings = new ArrayList<>();

    Diagnostics(String file) {
        this.file = file;
    }

    String file() {
        return file;
    }

    void error(int line, String message) {
        errors.add(new Diagnostic(file, line, message));
    }

    void warn(int line, String message) {
        warnings.add(new Diagnostic(file, line, message));
    }

    /** @throws ConfigException listing every error, if any was found */
    void throwIfErrors() throws ConfigException {
        if (!errors.isEmpty()) {
            throw new ConfigException(sorted(errors));
        }
    }

    List<Diagnostic> warnings() {
        return sorted(warnings);
    }

    private static List<Diagnostic> sorted(List<Diagnostic> diagnostics) {
        List<Diagnostic> copy = new ArrayList<>(diagnostics);
        copy.sort(BY_LINE); // stable: same-line findings keep their order
        return copy;
    }
}
