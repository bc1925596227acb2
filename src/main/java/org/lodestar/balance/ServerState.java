package org.lodestar.balance;

import org.lodestar.config.Server;

/**
 * The runtime state of one server. Not thread-safe: every field is guarded by the lock of the
 * {@link ServerPool} that owns it.
 */
final class ServerState {
    private final int index;
    private final Server server;
    private boolean up = true;
    private boolean awaitingCheck;
    private boolean draining;
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

    boolean up() {
        return up;
    }

    void setUp(boolean up) {
        this.up = up;
        this.awaitingCheck = false;
    }

    /** Not UP yet, but its next health check may make it so: requests wait for it. */
    void awaitCheck() {
        this.up = false;
        this.awaitingCheck = true;
    }

    boolean awaitingCheck() {
        return awaitingCheck;
    }

    boolean draining() {
        return draining;
    }

    /** An administrator's drain: no new requests, those in flight finish. */
    void setDraining(boolean draining) {
        this.draining = draining;
    }

    int weight() {
        return weight;
    }

    void setWeight(int weight) {
        this.weight = weight;
    }

    int inflight() {
        return inflight;
    }

    long selections() {
        return selections;
    }

    /** UP, not in maintenance ({@code disabled}), not draining and with a weight: may take traffic at all. */
    boolean available() {
        return up && !server.disabled() && !draining && weight > 0;
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
        return new ServerSnapshot(server.name(), up, server.disabled(), server.backup(), weight, inflight,
                server.maxconn(), selections, draining);
    }
}
