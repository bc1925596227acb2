package org.lodestar.stats;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.lodestar.balance.Acquisition;
import org.lodestar.balance.ConcurrencyLimit;
import org.lodestar.balance.Lease;
import org.lodestar.balance.ServerPool;
import org.lodestar.config.Backend;
import org.lodestar.config.Config;
import org.lodestar.config.ConfigException;
import org.lodestar.config.ConfigParser;
import org.lodestar.config.Frontend;
import org.lodestar.server.CheckResult;
import org.lodestar.server.ServerStatuses;
import org.lodestar.testing.Admissions;

/**
 * The real run-time objects for a configuration, wired as the container wires them but driven by hand:
 * health results are recorded at chosen instants on the servers' statuses, which tell the pools. The clock
 * stands still at {@link #NOW}.
 */
final class RunningConfig {
    static final Instant NOW = Instant.parse("2026-01-15T12:00:00Z");

    final Config config;
    final ProxyStats stats = new ProxyStats();
    final Map<String, ServerPool> pools = new LinkedHashMap<>();
    final Map<String, ConcurrencyLimit> limits = new LinkedHashMap<>();
    final ServerStatuses servers;

    RunningConfig(String text) throws ConfigException {
        config = ConfigParser.parse("t.cfg", text);
        for (Frontend frontend : config.frontends()) {
            limits.put(frontend.name(), new ConcurrencyLimit(frontend.maxconn()));
        }
        for (Backend backend : config.backends().values()) {
            pools.put(backend.name(), new ServerPool(backend, System::nanoTime));
        }
        servers = new ServerStatuses(config, Clock.fixed(NOW, ZoneOffset.UTC), pools::get);
    }

    /** Records a check result {@code ago} before now, as the health monitor would. */
    void check(String backend, String server, CheckResult result, Duration ago) {
        servers.get(backend, server).record(result, NOW.minus(ago));
    }

    /** A request that may not wait for a slot: granted or refused at once. */
    Acquisition acquireNow(String backend) {
        return Admissions.acquireNow(pools.get(backend), "192.0.2.1", Set.of());
    }

    /** A slot on one of the backend's servers, which there must be. */
    Lease acquire(String backend) {
        return ((Acquisition.Granted) acquireNow(backend)).lease();
    }

    List<StatsRow> rows() {
        return StatsCollector.collect(config, stats, pools::get, limits::get, servers::snapshots, NOW);
    }

    static long millisAgo(Duration ago) {
        return NOW.minus(ago).toEpochMilli();
    }
}
