package org.lodestar.proxy;

import java.io.IOException;

/**
 * The server failed after its response had started reaching the client. Thrown out of the servlet on
 * purpose: the container then closes the client connection instead of ending the response normally, so
 * the client sees a truncated response rather than a complete-looking wrong one. It has no stack trace:
 * the proxy has already logged the one line that explains it, and the container's log of the exception
 * should not add a trace of Lodestar's frames to it.
 */
final class UpstreamAbortedException extends IOException {
    private static final long serialVersionUID = 1L;

    UpstreamAbortedException(String message) {
        super(message);
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }
}
