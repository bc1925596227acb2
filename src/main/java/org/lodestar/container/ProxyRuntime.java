package org.lodestar.container;

import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;
import org.lodestar.balance.ConcurrencyLimit;
import org.lodestar.balance.ServerPool;
import org.lodestar.config.Backend;
import org.lodestar.config.Config;
import org.lodestar.config.Frontend;
import org.lodestar.config.Server;
import org.lodestar.health.HealthMonitor;
import org.lodestar.routing.Router;
import org.lodestar.server.ServerStatuses;
import org.lodestar.state.ServerAdministration;
import org.lodestar.state.SharedState;
import org.lodestar.state.StateFileLocation;
import org.lodestar.state.StateStore;
import org.lodestar.stats.ProxyStats;
import org.lodestar.stats.StatsAccess;

/**
 * Everything a running configuration needs: the router, one server pool per backend, one concurrency
 * limit per frontend, the counters, the status of every server (which tells its backend's pool whether it
 * takes traffic), the health monitor reporting check results to the statuses, and the administrators'
 * actions on them, with the settings kept in the configuration's state store restored. Built once per configuration; a reload builds a new one from
 * the previous ({@link #ProxyRuntime(Config, Clock, ProxyRuntime)}).
 */
public final class ProxyRuntime {
    /** Pooled connections per server when neither the server nor any frontend sets maxconn. */
    public static final int UNLIMITED_CONNECTIONS_PER_SERVER = 256;

    private final Config config;
    private final Router router;
    private final Map<String, ServerPool> pools = new LinkedHashMap<>();
    private final Map<String, ConcurrencyLimit> frontendLimits = new LinkedHashMap<>();
    private final ProxyStats stats;
    private final ServerStatuses servers;
    private final HealthMonitor health;
    private final ServerAdministration administration;
    private final StateStore store;
    private final SharedState shared;
    private final StatsAccess statsAccess;

    /** With the state file the configuration names (see {@link StateFileLocation}). */
    public ProxyRuntime(Config config, Clock clock) {
        this(config, clock, SharedState.ALONE);
    }

    /**
     * With the state file the configuration names, as the cache of the settings {@code shared} holds for a cluster
     * ({@link SharedState#ALONE} for one instance alone).
     */
    public ProxyRuntime(Config config, Clock clock, SharedState shared) {
        this(config, clock, StateFileLocation.storeFor(config), shared, new ProxyStats());
    }

    /**
     * The runtime of a reloaded configuration: the counters go on (they are kept by name, so a frontend,
     * backend or server that still exists keeps counting where it was; removed ones are no longer shown)
     * and the administrators' settings of servers that still exist are carried over from the previous
     * runtime, not re-read from the state file, so they hold even without one. Health starts afresh: every
     * checked server is checked at once, and with fast failover a request waits for that check (up to
     * {@code timeout queue}) rather than being refused.
     */
    public ProxyRuntime(Config config, Clock clock, ProxyRuntime previous) {
        this(config, clock, StateStore.carryingOver(previous.administration.kept(), stateStoreAfterReload(config, previous)),
                previous.shared, previous.stats);
    }

    /** A configuration without a state file of its own (one posted to the reload endpoint) keeps the running one's. */
    private static StateStore stateStoreAfterReload(Config config, ProxyRuntime previous) {
        return StateFileLocation.of(config).isPresent() ? StateFileLocation.storeFor(config) : previous.store;
    }

    private ProxyRuntime(Config config, Clock clock, StateStore store, SharedState shared, ProxyStats stats) {
        this.config = config;
        this.store = store;
        this.shared = shared;
        this.stats = stats;
        this.statsAccess = StatsAccess.of(config);
        this.router = new Router(config);
        config.backends().values().forEach(b -> pools.put(b.name(), new ServerPool(b, System::nanoTime)));
        config.frontends().forEach(f -> frontendLimits.put(f.name(), new ConcurrencyLimit(f.maxconn())));
        this.servers = new ServerStatuses(config, clock, pools::get);
        this.health = new HealthMonitor(config, clock, servers);
        this.administration = new ServerAdministration(servers, health, store, shared, clock);
        administration.restore();
    }

    /** The {@code monitor-uri} paths of the frontends. */
    public java.util.Set<String> monitorUris() {
        java.util.Set<String> uris = new java.util.HashSet<>();
        config.frontends().forEach(f -> f.monitorUri().ifPresent(uris::add));
        return uris;
    }

    public ServerAdministration administration() {
        return administration;
    }

    /** Who may read the statistics and where the stats uri is, from this configuration. */
    public StatsAccess statsAccess() {
        return statsAccess;
    }

    public HealthMonitor health() {
        return health;
    }

    /** Whether each server takes traffic and why: what the dashboard, the exports and the 503 page show. */
    public ServerStatuses servers() {
        return servers;
    }

    public Config config() {
        return config;
    }

    public Router router() {
        return router;
    }

    public ServerPool pool(Backend backend) {
        return pools.get(backend.name());
    }

    public Map<String, ServerPool> pools() {
        return java.util.Collections.unmodifiableMap(pools);
    }

    public ConcurrencyLimit limit(Frontend frontend) {
        return frontendLimits.get(frontend.name());
    }

    /** Requests being handled by all frontends now (HAProxy's actconn). */
    public int activeRequests() {
        return frontendLimits.values().stream().mapToInt(ConcurrencyLimit::current).sum();
    }

    public ProxyStats stats() {
        return stats;
    }

    /**
     * How many pooled connections the HTTP client may hold to one server: its own {@code maxconn}, else
     * the largest frontend {@code maxconn} (no more requests can be in flight), else a fixed cap.
     */
    public int connectionsPerServer(Server server) {
        if (server.maxconn() > 0) {
            return server.maxconn();
        }
        int frontendMax = config.frontends().stream().mapToInt(Frontend::maxconn).max().orElse(0);
        boolean anyUnlimited = config.frontends().stream().anyMatch(f -> f.maxconn() == 0);
        return frontendMax > 0 && !anyUnlimited ? frontendMax : UNLIMITED_CONNECTIONS_PER_SERVER;
    }
}
