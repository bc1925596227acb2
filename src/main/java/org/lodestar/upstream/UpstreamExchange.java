package org.lodestar.upstream;

import java.nio.ByteBuffer;

/** One request on its way to a server, as the proxy steers it. Thread-safe. */
public interface UpstreamExchange {
    /**
     * Sends body bytes (framed as the request said); {@code written} runs once they are on the wire (or the
     * exchange ended), so that the caller reads no more of the client's body than the server takes.
     */
    void body(ByteBuffer bytes, Runnable written);

    /** The request body is complete. */
    void endBody();

    /** Reading the response goes on after {@link ResponseHandler#content} returned false. */
    void resume();

    /** Gives the exchange up: the connection is closed, the handler told {@link UpstreamFailure.Aborted}. */
    void abort(String why);
}
