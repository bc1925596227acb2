package org.lodestar.proxy;

import java.io.IOException;

/**
 * The server failed after its response had started reaching the client. Thrown out of the servlet on
 * purpose: the container then closes the client connection instead of ending the response normally, so
 * the client sees a truncated response rather than a complete-looking wrong one.
 */
final class UpstreamAbortedException extends IOException {
    private static final long serialVersionUID = 1L;

    UpstreamAbortedException(String message) {
        super(message);
    }
}
