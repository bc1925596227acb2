package org.lodestar.upstream;

/**
 * Bounds on what a server may send: a response head is bounded like a client's request head, so a broken
 * or hostile server cannot fill Lodestar's memory with one.
 *
 * @param maxLine longest status, header, chunk-size or trailer line, in bytes (HAProxy's default buffer)
 * @param maxFields most header fields in a head (and trailer fields after a chunked body)
 */
public record Limits(int maxLine, int maxFields) {
    public static final Limits DEFAULT = new Limits(16 * 1024, 200);
}
