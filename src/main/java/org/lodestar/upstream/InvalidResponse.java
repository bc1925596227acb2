package org.lodestar.upstream;

import java.io.IOException;

/** The server's bytes are not an HTTP/1.1 response Lodestar may pass on: the exchange ends in 502. */
public final class InvalidResponse extends IOException {
    private static final long serialVersionUID = 1L;

    public InvalidResponse(String reason) {
        super(reason);
    }

    /** No stack trace: the bytes are the server's fault, not a bug to trace. */
    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
