package org.lodestar.health;

/** What live traffic revealed about a server; HAProxy's {@code observe layer7} events. */
public enum Observation {
    /** The connection was refused or timed out. */
    CONNECT_FAILURE,
    /** The server answered with a 5xx status. */
    SERVER_ERROR,
    /** The server sent something that is not a valid HTTP response, or timed out answering. */
    INVALID_RESPONSE
}
