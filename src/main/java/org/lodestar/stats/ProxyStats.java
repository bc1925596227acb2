package org.lodestar.stats;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every counter of a running configuration: one {@link TrafficCounters} per frontend, per backend and
 * per server of each backend. Looked up on every proxied request: a hit is a plain read, no key is built.
 */
public final class ProxyStats {
    private final Map<String, TrafficCounters> frontends = new ConcurrentHashMap<>();
    private final Map<String, TrafficCounters> backends = new ConcurrentHashMap<>();
    private final Map<String, Map<String, TrafficCounters>> servers = new ConcurrentHashMap<>();

    public TrafficCounters frontend(String name) {
        return countersOf(frontends, name);
    }

    public TrafficCounters backend(String name) {
        return countersOf(backends, name);
    }

    public TrafficCounters server(String backend, String server) {
        Map<String, TrafficCounters> ofBackend = servers.get(backend);
        if (ofBackend == null) {
            ofBackend = servers.computeIfAbsent(backend, b -> new ConcurrentHashMap<>());
        }
        return countersOf(ofBackend, server);
    }

    private static TrafficCounters countersOf(Map<String, TrafficCounters> counters, String name) {
        TrafficCounters found = counters.get(name);
        return found != null ? found : counters.computeIfAbsent(name, n -> new TrafficCounters());
    }
}
