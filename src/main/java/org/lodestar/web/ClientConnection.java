package org.lodestar.web;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;

/**
 * What the connector under a request knows and the servlet API does not say: whether the client connection
 * is still open, the request target exactly as the client sent it; and a way to cut the connection.
 *
 * <p>A server that failed mid-body must leave the client with a visibly truncated response (a servlet that
 * returns, or throws, lets the container end a chunked response with its last chunk, which makes the
 * truncated body look complete), and after a request with doubtful framing no further byte of the
 * connection may be read as a request. Only a {@link ConnectorBinding} for the server's connector can do
 * that (Payara's Grizzly); elsewhere the connection is {@link #UNKNOWN}: it knows nothing, and the caller
 * falls back to what the servlet API offers.
 */
public interface ClientConnection {
    /** A connection on a server without a connector binding: {@link #isClosed} false, no target, no cut. */
    ClientConnection UNKNOWN = new ClientConnection() {
        @Override
        public boolean cut() {
            return false;
        }

        @Override
        public boolean isClosed() {
            return false;
        }

        @Override
        public String originalTarget() {
            return null;
        }
    };

    /** The connection under {@code response}; {@link #UNKNOWN} where no connector binding applies. */
    static ClientConnection of(ServletResponse response) {
        ServletResponse unwrapped = response;
        while (unwrapped instanceof ServletResponseWrapper wrapper) {
            unwrapped = wrapper.getResponse();
        }
        ServletResponse connectorResponse = unwrapped;
        return Connectors.binding().map(binding -> binding.connectionOf(connectorResponse)).orElse(UNKNOWN);
    }

    /** Closes the connection under {@code response}; false when no connector binding applies. */
    static boolean cut(ServletResponse response) {
        return of(response).cut();
    }

    /** Closes this connection now, whatever is queued on it; false when that cannot be done. */
    boolean cut();

    /**
     * Whether the connection is known to be closed already: a request the client pipelined behind one whose
     * connection was cut is still handed to the application by the connector.
     */
    boolean isClosed();

    /**
     * The request target as it stood in the request line, or null when the connector does not tell. A
     * connector may turn an absolute-form target ({@code http://host/path}) into its path and the Host header
     * into that host before any servlet runs; only the original target still shows what the client sent.
     */
    String originalTarget();
}
