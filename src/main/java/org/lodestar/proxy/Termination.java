package org.lodestar.proxy;

/**
 * How a request ended, as HAProxy's log says it in the first two characters of its termination state: who
 * ended it ({@code C} the client, {@code S} the server, {@code s} a server-side timeout) and in which phase
 * ({@code R} request, {@code Q} queue, {@code C} connection, {@code H} response head, {@code D} data).
 */
public enum Termination {
    NORMAL("----"),
    /** The client's request was invalid (a bad Content-Length). */
    CLIENT_BAD_REQUEST("CR--"),
    /** The client went away before the response head was sent. */
    CLIENT_GONE_BEFORE_HEAD("CH--"),
    /** The client went away while the body was sent. */
    CLIENT_GONE_DURING_DATA("CD--"),
    /** No server could take the request within {@code timeout queue}, or none was left. */
    QUEUE_TIMEOUT("sQ--"),
    /** No connection to a server (refused, timed out), or no server at all. */
    SERVER_CONNECTION_FAILED("SC--"),
    /** The server did not send its response head within {@code timeout server}. */
    SERVER_TIMEOUT_HEAD("sH--"),
    /** The server stalled in the body longer than {@code timeout server}. */
    SERVER_TIMEOUT_DATA("sD--"),
    /** The server sent an invalid response head, or closed before one. */
    SERVER_BROKE_HEAD("SH--"),
    /** The server broke off, or sent invalid bytes, in the body. */
    SERVER_BROKE_DATA("SD--");

    private final String code;

    Termination(String code) {
        this.code = code;
    }

    /** The four characters of HAProxy's termination state field. */
    public String code() {
        return code;
    }
}
