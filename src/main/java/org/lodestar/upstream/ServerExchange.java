package org.lodestar.upstream;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One request and its response on a server connection: what the proxy steers ({@link UpstreamExchange})
 * and what the parser reads ({@link ResponseParser.Sink}), handed on to the {@link ResponseHandler} exactly
 * once to its end: one of {@link ResponseHandler#end} or {@link ResponseHandler#failed}.
 */
final class ServerExchange implements UpstreamExchange, ResponseParser.Sink {
    private static final ByteBuffer LAST_CHUNK = ByteBuffer.wrap("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
    private static final ByteBuffer CRLF = ByteBuffer.wrap("\r\n".getBytes(StandardCharsets.ISO_8859_1));

    private final Target target;
    private final UpstreamRequest request;
    private final ResponseHandler handler;
    private final ConnectionPool pool;
    private final ByteBuffer head;
    private volatile ServerConnection connection;
    /** Loop thread only, once a connection carries the exchange. */
    private boolean finished;
    private boolean headDelivered;
    private volatile boolean aborted;
    /** The whole request (head and body) is on the wire. */
    private volatile boolean requestComplete;
    private volatile boolean bodyStarted;
    /** Loop thread only: body bytes waiting for the connection to have written the head. */
    private final java.util.Deque<Chunk> pendingBody = new java.util.ArrayDeque<>();
    private boolean headQueued;
    private boolean bodyEnded;
    private boolean endQueued;

    private record Chunk(ByteBuffer bytes, Runnable written) {
    }

    ServerExchange(Target target, UpstreamRequest request, ResponseHandler handler, ConnectionPool pool) {
        this.target = target;
        this.request = request;
        this.handler = handler;
        this.pool = pool;
        this.head = request.encodeHead();
    }

    Target target() {
        return target;
    }

    UpstreamRequest request() {
        return request;
    }

    ResponseHandler handler() {
        return handler;
    }

    ByteBuffer head() {
        return head;
    }

    void carriedBy(ServerConnection connection) {
        this.connection = connection;
    }

    boolean aborted() {
        return aborted;
    }

    boolean finished() {
        return finished;
    }

    boolean headDelivered() {
        return headDelivered;
    }

    boolean requestComplete() {
        return requestComplete;
    }

    void requestComplete(boolean complete) {
        requestComplete = complete;
    }

    boolean bodyStarted() {
        return bodyStarted;
    }

    /** Ends the exchange with {@code failure} unless it has ended already. Loop thread (or before any connection). */
    void fail(UpstreamFailure failure) {
        if (!finished) {
            finished = true;
            releaseBody();
            handler.failed(failure);
        }
    }

    // --- the proxy's side --------------------------------------------------------------------------------

    @Override
    public void body(ByteBuffer bytes, Runnable written) {
        bodyStarted = true;
        pool.loop().execute(() -> {
            if (finished) {
                written.run();
                return;
            }
            if (request.contentLength() < 0) {
                pendingBody.addLast(new Chunk(ByteBuffer.wrap((Integer.toHexString(bytes.remaining()) + "\r\n")
                        .getBytes(StandardCharsets.ISO_8859_1)), null));
                pendingBody.addLast(new Chunk(bytes, null));
                pendingBody.addLast(new Chunk(CRLF.duplicate(), written));
            } else {
                pendingBody.addLast(new Chunk(bytes, written));
            }
            pumpBody();
        });
    }

    @Override
    public void endBody() {
        pool.loop().execute(() -> {
            bodyEnded = true;
            pumpBody();
        });
    }

    /**
     * On the loop: hands the body queued so far to the connection, once it has written the head; the last
     * chunk and the end of the request follow the last bytes.
     */
    void pumpBody() {
        ServerConnection carrier = connection;
        if (carrier == null || !headQueued || finished) {
            return;
        }
        Chunk chunk;
        while ((chunk = pendingBody.pollFirst()) != null) {
            carrier.queueWrite(chunk.bytes(), chunk.written());
        }
        if (bodyEnded && !endQueued) {
            endQueued = true;
            if (request.contentLength() < 0) {
                carrier.queueWrite(LAST_CHUNK.duplicate(), null);
            }
            carrier.requestWritten(this);
        }
    }

    /** On the loop: the connection has queued the request head. */
    void headQueued() {
        headQueued = true;
        pumpBody();
    }

    @Override
    public void resume() {
        pool.loop().execute(() -> {
            ServerConnection carrier = connection;
            if (carrier != null) {
                carrier.resume(this);
            }
        });
    }

    @Override
    public void abort(String why) {
        aborted = true;
        pool.loop().execute(() -> {
            ServerConnection carrier = connection;
            if (carrier != null) {
                carrier.abort(this, why);
            } else {
                pool.forget(this);
                fail(new UpstreamFailure.Aborted(why));
            }
            releaseBody();
        });
    }

    /** On the loop, once the exchange ended: whoever waits for body bytes to be written waits no more. */
    void releaseBody() {
        Chunk chunk;
        while ((chunk = pendingBody.pollFirst()) != null) {
            if (chunk.written() != null) {
                chunk.written().run();
            }
        }
    }

    // --- the parser's side (loop thread) -------------------------------------------------------------------

    @Override
    public void head(ResponseHead responseHead) {
        headDelivered = true;
        handler.head(responseHead);
    }

    @Override
    public boolean content(ByteBuffer content) {
        return handler.content(content);
    }

    @Override
    public void end() {
        finished = true;
        handler.end();
    }
}
