package org.lodestar.upstream;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * The connections to one server address: kept-alive ones waiting for a request (the most recently used
 * first, so that the others age out), at most {@link Target#maxConnections} open, and requests waiting, in
 * order, when all are busy. Thread-safe: requests arrive on the proxy's threads, connections come back on
 * the I/O loop.
 */
final class ConnectionPool {
    private final UpstreamClient client;
    private final IoLoop loop;
    private volatile int maxConnections;
    private final Deque<ServerConnection> idle = new ArrayDeque<>();
    private final Deque<ServerExchange> waiting = new ArrayDeque<>();
    private int open;

    ConnectionPool(UpstreamClient client, IoLoop loop, int maxConnections) {
        this.client = client;
        this.loop = loop;
        this.maxConnections = maxConnections;
    }

    IoLoop loop() {
        return loop;
    }

    UpstreamClient client() {
        return client;
    }

    /** A reload may change the server's maxconn: the pool follows. */
    void maxConnections(int max) {
        maxConnections = max;
    }

    /**
     * Starts {@code exchange} on a kept-alive connection, on a new one, or, when {@link Target#maxConnections}
     * are busy, once one comes back.
     */
    void send(ServerExchange exchange) {
        ServerConnection reused = null;
        boolean openNew = false;
        List<ServerConnection> discarded = null;
        synchronized (this) {
            ServerConnection candidate;
            while (reused == null && (candidate = idle.pollFirst()) != null) {
                if (candidate.lease(exchange)) {
                    reused = candidate;
                } else {
                    discarded = discarded == null ? new ArrayList<>() : discarded;
                    discarded.add(candidate);
                }
            }
            if (reused == null) {
                if (open < maxConnections) {
                    open++;
                    openNew = true;
                } else {
                    waiting.addLast(exchange);
                }
            }
        }
        if (discarded != null) {
            discarded.forEach(ServerConnection::discard);
        }
        if (reused != null) {
            reused.sendLeased(exchange);
        } else if (openNew) {
            ServerConnection.open(this, exchange.target(), exchange);
        }
    }

    /** On the loop: a connection that may carry another request is back. */
    void release(ServerConnection connection) {
        ServerExchange next;
        connection.idle();
        synchronized (this) {
            next = waiting.pollFirst();
            if (next == null) {
                idle.addFirst(connection);
                return;
            }
        }
        if (connection.lease(next)) {
            connection.sendLeased(next);
        } else {
            synchronized (this) {
                waiting.addFirst(next); // first in line for the connection that replaces this one
            }
            connection.discard();
        }
    }

    /**
     * A connection is gone ({@code connection} null: one could not even be opened): one more may be opened,
     * for the next waiter if there is one.
     */
    void closed(ServerConnection connection) {
        ServerExchange next = null;
        synchronized (this) {
            if (connection == null || connection.uncount()) {
                open--;
            }
            if (connection != null) {
                idle.remove(connection);
            }
            if (open < maxConnections) {
                next = waiting.pollFirst();
                if (next != null) {
                    open++;
                }
            }
        }
        if (next != null) {
            ServerConnection.open(this, next.target(), next);
        }
    }

    /** An exchange that waited for a connection gave up (the client left). */
    synchronized boolean forget(ServerExchange exchange) {
        return waiting.remove(exchange);
    }

    synchronized int idleCount() {
        return idle.size();
    }

    synchronized int openCount() {
        return open;
    }
}
