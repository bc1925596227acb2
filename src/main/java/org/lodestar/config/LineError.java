package org.lodestar.config;

/**
 * A problem with the line being parsed. Thrown by the small parsing helpers, which do not know where the
 * line comes from; {@link ConfigParser} turns it into a {@link Diagnostic} with the file name and line.
 */
final class LineError extends Exception {
    private static final long serialVersionUID = 1L;

    LineError(String message) {
        super(message, null, false, false);
    }
}
