package org.lodestar.upstream;

/** One header field of a message, name as sent. */
public record Field(String name, String value) {
    public boolean is(String other) {
        return name.equalsIgnoreCase(other);
    }
}
