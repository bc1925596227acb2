package org.lodestar.proxy;

import java.io.IOException;

/** The connection to a server could not be made; nothing was sent, so the request may be retried. */
final class ConnectFailure extends IOException {
    private static final long serialVersionUID = 1L;

    ConnectFailure(String message, Throwable cause) {
        super(message, cause);
    }
}
