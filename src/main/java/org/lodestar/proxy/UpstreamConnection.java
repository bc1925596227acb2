package org.lodestar.proxy;

import java.io.IOException;
import java.net.Socket;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.http.HttpConnection;
import org.apache.http.config.ConnectionConfig;
import org.apache.http.conn.HttpConnectionFactory;
import org.apache.http.conn.ManagedHttpClientConnection;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.impl.conn.DefaultHttpResponseParserFactory;
import org.apache.http.impl.conn.DefaultManagedHttpClientConnection;
import org.apache.http.impl.io.DefaultHttpRequestWriterFactory;
import org.apache.http.impl.io.SessionInputBufferImpl;
import org.apache.http.protocol.HttpContext;

/**
 * A connection to a server that can tell whether bytes arrived on it that no request asked for: a server
 * that answers one request twice, or keeps writing after its answer, leaves them there, and the next
 * request sent on the connection would take them for its own answer (response queue poisoning). The
 * pool ({@link UpstreamConnectionPool}) asks before it keeps a connection and before it lends one.
 *
 * <p>It also remembers who used it last ({@link LastUse}), so that those bytes are blamed on that server.
 */
final class UpstreamConnection extends DefaultManagedHttpClientConnection {
    /** Under this attribute each connection finds itself, also through the pool's proxy of it. */
    private static final String SELF = UpstreamConnection.class.getName();
    private static final AtomicLong IDS = new AtomicLong();

    /** The server and counters of the last exchange on a connection. */
    record LastUse(String backend, String server, org.lodestar.stats.TrafficCounters serverCounters,
                   org.lodestar.stats.TrafficCounters backendCounters) {
    }

    private volatile LastUse lastUse;

    private UpstreamConnection(String id, ConnectionConfig config) {
        super(id, config.getBufferSize(), config.getFragmentSizeHint(), null, null, config.getMessageConstraints(),
                null, null, DefaultHttpRequestWriterFactory.INSTANCE, DefaultHttpResponseParserFactory.INSTANCE);
        setAttribute(SELF, this);
    }

    /** The connection under {@code connection} (the pool lends proxies), or null when it is not one of these. */
    static UpstreamConnection of(HttpConnection connection) {
        try {
            return connection instanceof HttpContext context && context.getAttribute(SELF) instanceof UpstreamConnection c
                    ? c : null;
        } catch (RuntimeException detached) { // the pool's proxy of a connection already given back
            return null;
        }
    }

    void usedBy(LastUse use) {
        lastUse = use;
    }

    LastUse lastUse() {
        return lastUse;
    }

    /**
     * How many bytes are waiting to be read on this connection, already buffered or still in the socket,
     * without blocking; 0 on a connection that is closed or not yet connected. Between two exchanges any
     * such byte is one no request asked for.
     */
    int unreadBytes() {
        if (!isOpen()) {
            return 0;
        }
        int buffered = getSessionInputBuffer() instanceof SessionInputBufferImpl buffer ? buffer.length() : 0;
        Socket socket = getSocket();
        try {
            return buffered + (socket == null ? 0 : socket.getInputStream().available());
        } catch (IOException closed) {
            return buffered;
        }
    }

    /** Makes {@link UpstreamConnection}s, as HttpClient's default factory makes its connections. */
    static final class Factory implements HttpConnectionFactory<HttpRoute, ManagedHttpClientConnection> {
        @Override
        public ManagedHttpClientConnection create(HttpRoute route, ConnectionConfig config) {
            return new UpstreamConnection("lodestar-upstream-" + IDS.incrementAndGet(),
                    config != null ? config : ConnectionConfig.DEFAULT);
        }
    }
}
