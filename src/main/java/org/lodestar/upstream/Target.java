package org.lodestar.upstream;

/**
 * A server to send to: its address, and how many connections Lodestar may hold to it at once (requests
 * beyond that wait for one of them, in order).
 */
public record Target(String host, int port, int maxConnections) {
    public Target {
        if (maxConnections < 1) {
            throw new IllegalArgumentException("maxConnections must be at least 1");
        }
    }

    String address() {
        return host + ":" + port;
    }
}
