package org.lodestar.proxy;

import java.io.IOException;

/** Reading from or writing to the client failed: the client went away, nothing to answer. */
final class ClientAbortedException extends IOException {
    private static final long serialVersionUID = 1L;

    ClientAbortedException(IOException cause) {
        super("client connection failed: " + cause.getMessage(), cause);
    }
}
