package org.lodestar.upstream;

import java.nio.ByteBuffer;

/**
 * What happens to a server's response. Every call but {@link #connected} runs on the connection's I/O loop
 * thread, one at a time and in order, and must not block: a slow client is answered by returning false from
 * {@link #content} and calling {@link UpstreamExchange#resume} once it can take more.
 */
public interface ResponseHandler {
    /**
     * A connection carries the request from now on.
     *
     * @param reused whether it had carried other requests (kept alive)
     * @param connectNanos how long connecting took; 0 for a reused connection
     */
    void connected(boolean reused, long connectNanos);

    void head(ResponseHead head);

    /**
     * Body bytes, valid during the call only.
     *
     * @return false to stop the reading until {@link UpstreamExchange#resume}
     */
    boolean content(ByteBuffer content);

    /** The response is complete. */
    void end();

    /** The exchange failed; nothing more follows. */
    void failed(UpstreamFailure failure);
}
