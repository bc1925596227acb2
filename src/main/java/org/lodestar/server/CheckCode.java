package org.lodestar.server;

/**
 * Outcome of one health check, named after HAProxy's check status codes so the dashboard and
 * exports read the same as HAProxy's stats page.
 */
public enum CheckCode {
    /** TCP connect succeeded; the whole check when there is no {@code option httpchk}. */
    L4OK,
    /** The TCP connect did not complete in time. */
    L4TOUT,
    /** The TCP connect was refused or failed (unreachable host, reset, unknown host). */
    L4CON,
    /** The HTTP check passed. */
    L7OK,
    /** The HTTP response was invalid, empty or truncated, or a string/rstring expectation failed. */
    L7RSP,
    /** The HTTP status was wrong: the default 2xx/3xx rule or a status/rstatus expectation failed. */
    L7STS,
    /** Connected, but no complete answer arrived before the check timeout. */
    L7TOUT,
    /** Any other socket or client error. */
    SOCKERR
}
