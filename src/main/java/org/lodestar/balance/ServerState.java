package org.lodestar.balance;

import org.lodestar.config.Server;
import org.lodestar.server.Routing;

/**
 * One server as the balancer sees it: the answer and weight its {@code ServerStatus} last told the pool,
 * and the requests it serves. Not thread-safe: every field is guarded by the lock of the {@link ServerPool}
 * that owns it.
 */
final class ServerState {
    private final int index;
    private final Server server;
    /** Nothing is sent to a server before its status said so. */
    private Routing routing = Routing.OUT;
    private int weight;
    private int inflight;
    private long selections;

    ServerState(int index, Server server) {
        this.index = index;
        this.server = server;
        this.weight = server.weight();
    }

    /** Position in the backend's server list, for per-server algorithm state. */
    int index() {
        return index;
    }

    Server server() {
        return server;
    }

    String name() {
        return server.name();
    }

    void setStatus(Routing routing, int weight) {
        this.routing = routing;
        this.weight = weight;
    }

    /** May take new requests: its status says {@link Routing#ROUTABLE}, which implies a weight above 0. */
    boolean available() {
        return routing == Routing.ROUTABLE;
    }

    /** Takes no request yet, but its next health check may make it available: requests wait for it. */
    boolean awaitingCheck() {
        return routing == Routing.PENDING;
    }

    int weight() {
        return weight;
    }

    int inflight() {
        return inflight;
    }

    long selections() {
        return selections;
    }

    boolean hasFreeSlot() {
        return server.maxconn() == 0 || inflight < server.maxconn();
    }

    void take() {
        inflight++;
        selections++;
    }

    void free() {
        inflight--;
    }

    ServerSnapshot snapshot() {
        return new ServerSnapshot(server.name(), inflight, server.maxconn(), selections);
    }
}
