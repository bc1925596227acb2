package org.lodestar.config;

/** One finding about a configuration file, printed the way HAProxy prints them: {@code FILE:LINE: message}. */
public record Diagnostic(String file, int line, String message) {
    @Override
    public String toString() {
        return file + ":" + line + ": " + message;
    }
}
