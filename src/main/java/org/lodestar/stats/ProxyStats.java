package org.lodestar.stats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every counter of a running configuration: one {@link TrafficCounters} per frontend, per backend and
 * per server (keyed {@code backend/server}).
 */
public final class ProxyStats {
    private final Map<String, TrafficCounters> frontends = new ConcurrentHashMap<>();
    private final Map<String, TrafficCounters> backends = new ConcurrentHashMap<>();
    private final Map<String, TrafficCounters> servers = new ConcurrentHashMap<>();

    public TrafficCounters frontend(String name) {
        return frontends.computeIfAbsent(name, n -> new TrafficCounters());
    }

    public TrafficCounters backend(String name) {
        return backends.computeIfAbsent(name, n -> new TrafficCounters());
    }

    public TrafficCounters server(String backend, String server) {
        return servers.computeIfAbsent(backend + "/" + server, n -> new TrafficCounters());
    }
}
