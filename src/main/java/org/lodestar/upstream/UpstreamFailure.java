package org.lodestar.upstream;

/** Why an exchange with a server ended without a complete response. */
public sealed interface UpstreamFailure {
    String message();

    /** No connection: refused, not within {@code timeout connect}, or unreachable. */
    record ConnectFailed(Reason reason, String message) implements UpstreamFailure {
        public enum Reason { REFUSED, TIMEOUT, OTHER }
    }

    /**
     * The server closed (or reset) the connection before a single byte of response. On a kept-alive
     * connection that is how a server that timed it out meanwhile looks: a request without a body may be
     * sent again.
     */
    record NoResponse(boolean reusedConnection, boolean bodySent, String message) implements UpstreamFailure {
    }

    /** The whole response head did not arrive within {@code timeout server}. */
    record HeadTimeout(String message) implements UpstreamFailure {
    }

    /** The server stopped sending (or reading) the body for longer than {@code timeout server}. */
    record BodyTimeout(String message) implements UpstreamFailure {
    }

    /** The server's bytes are not a response Lodestar may pass on; {@code headDelivered}: after its head. */
    record Invalid(String message, boolean headDelivered) implements UpstreamFailure {
    }

    /** The connection was closed or reset after the head, before the end of the body. */
    record Cut(String message) implements UpstreamFailure {
    }

    /** The proxy gave the exchange up (the client left). */
    record Aborted(String message) implements UpstreamFailure {
    }
}
