package org.lodestar.server;

import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import org.lodestar.config.Backend;
import org.lodestar.config.Config;
import org.lodestar.config.Server;

/** The {@link ServerStatus} of every server of a configuration, by backend and name, in file order. */
public final class ServerStatuses {
    private final Clock clock;
    private final Map<String, Map<String, ServerStatus>> backends = new LinkedHashMap<>();

    /**
     * Makes each server's status, which tells its backend's balancer its first answer at once.
     *
     * @param balancers the balancer of each backend, by backend name
     */
    public ServerStatuses(Config config, Clock clock, Function<String, StatusListener> balancers) {
        this.clock = clock;
        for (Backend backend : config.backends().values()) {
            StatusListener balancer = Objects.requireNonNull(balancers.apply(backend.name()),
                    () -> "no balancer for backend " + backend.name());
            boolean fastFailover = backend.healthCheck().fastFailover().enabled();
            Map<String, ServerStatus> servers = new LinkedHashMap<>();
            for (Server server : backend.servers()) {
                servers.put(server.name(),
                        new ServerStatus(backend.name(), server, fastFailover, clock.instant(), balancer));
            }
            backends.put(backend.name(), servers);
        }
        for (ServerStatus status : all()) {
            status.server().track().ifPresent(t -> get(t.backend(), t.server()).addTracker(status, clock.instant()));
        }
    }

    /** @throws IllegalArgumentException for an unknown server */
    public ServerStatus get(String backend, String server) {
        return find(backend, server)
                .orElseThrow(() -> new IllegalArgumentException("no server " + backend + "/" + server));
    }

    public Optional<ServerStatus> find(String backend, String server) {
        return Optional.ofNullable(backends.getOrDefault(backend, Map.of()).get(server));
    }

    /** The servers of a backend in file order; none for an unknown backend. */
    public List<ServerStatus> of(String backend) {
        return List.copyOf(backends.getOrDefault(backend, Map.of()).values());
    }

    /** Every server, backend by backend, in file order. */
    public List<ServerStatus> all() {
        return backends.values().stream().flatMap(servers -> servers.values().stream()).toList();
    }

    /** The servers of a backend now, in file order. */
    public List<Snapshot> snapshots(String backend) {
        Instant now = clock.instant();
        return of(backend).stream().map(status -> status.snapshot(now)).toList();
    }
}
