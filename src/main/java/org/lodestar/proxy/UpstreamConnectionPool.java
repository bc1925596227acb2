package org.lodestar.proxy;

import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpClientConnection;
import org.apache.http.config.Registry;
import org.apache.http.conn.ConnectionPoolTimeoutException;
import org.apache.http.conn.ConnectionRequest;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * HttpClient's connection pool, keeping no connection that carries bytes no request asked for: such a
 * connection is closed, never reused, both when it comes back after an exchange (a server answered twice,
 * or wrote past its answer) and when it is about to be lent (the bytes arrived while it was idle). HAProxy
 * drops a server connection on which unexpected bytes arrive in the same way. Each such connection is
 * reported once to {@link UnsolicitedBytes}.
 *
 * <p>A response that was not read to its end never comes back here as reusable: HttpClient closes its
 * connection when the response is closed early, which the proxy does on every failure.
 */
final class UpstreamConnectionPool extends PoolingHttpClientConnectionManager {
    private final UnsolicitedBytes unsolicited;

    UpstreamConnectionPool(Registry<ConnectionSocketFactory> sockets, UnsolicitedBytes unsolicited) {
        super(sockets, new UpstreamConnection.Factory());
        this.unsolicited = unsolicited;
    }

    @Override
    public void releaseConnection(HttpClientConnection managed, Object state, long keepAlive, TimeUnit unit) {
        UpstreamConnection connection = UpstreamConnection.of(managed);
        if (connection != null) {
            discardIfUnsolicited(connection, UnsolicitedBytes.When.AFTER_ITS_ANSWER);
        }
        super.releaseConnection(managed, state, keepAlive, unit); // a closed connection is not kept
    }

    @Override
    public ConnectionRequest requestConnection(HttpRoute route, Object state) {
        return new CheckedLease(route, state);
    }

    /** Whether {@code connection} was closed because bytes nobody asked for wait on it. */
    private boolean discardIfUnsolicited(UpstreamConnection connection, UnsolicitedBytes.When when) {
        int unread = connection.unreadBytes();
        if (unread == 0) {
            return false;
        }
        try {
            connection.shutdown();
        } catch (java.io.IOException alreadyClosed) {
            // not reusable either way
        }
        unsolicited.report(connection.lastUse(), unread, when);
        return true;
    }

    /** A lease that hands out no connection with unasked bytes on it, taking the next one instead. */
    private final class CheckedLease implements ConnectionRequest {
        private final HttpRoute route;
        private final Object state;
        private volatile ConnectionRequest current;

        CheckedLease(HttpRoute route, Object state) {
            this.route = route;
            this.state = state;
            this.current = UpstreamConnectionPool.super.requestConnection(route, state);
        }

        @Override
        public HttpClientConnection get(long timeout, TimeUnit unit)
                throws InterruptedException, ExecutionException, ConnectionPoolTimeoutException {
            while (true) {
                HttpClientConnection leased = current.get(timeout, unit);
                UpstreamConnection connection = UpstreamConnection.of(leased);
                if (connection == null || !discardIfUnsolicited(connection, UnsolicitedBytes.When.WHILE_IDLE)) {
                    return leased;
                }
                releaseConnection(leased, null, 0, TimeUnit.MILLISECONDS);
                current = UpstreamConnectionPool.super.requestConnection(route, state);
            }
        }

        @Override
        public boolean cancel() {
            return current.cancel();
        }
    }
}
