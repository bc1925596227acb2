package org.lodestar.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lodestar.config.Backend;
import org.lodestar.config.Config;
import org.lodestar.config.HealthCheck;
import org.lodestar.config.Server;
import org.lodestar.server.CheckResult;
import org.lodestar.server.ServerStatus;
import org.lodestar.server.ServerStatuses;
import org.lodestar.server.State;

/**
 * Drives the health checks of every checked server and reports each result to the server's
 * {@link ServerStatus}, which decides whether it takes traffic and tells the balancer. Scheduling is
 * delegated ({@link CheckScheduler}); each server has at most one check running and one scheduled, so
 * checks of one server never overlap, while checks of different servers run concurrently.
 *
 * <p>With {@code option lodestar-fast-failover} (the default) a backend follows its leader within a
 * second without changing {@code inter}:
 * <ul>
 * <li>every checked server is checked at once at start and takes traffic only after passing;</li>
 * <li>a server whose last check failed takes no traffic, even while HAProxy would still count it UP;</li>
 * <li>a server that is DOWN or changing state is checked at most {@code interval} apart;</li>
 * <li>when any server's check result flips, every other server of the backend is checked at once, so
 * the old leader is caught failing as soon as the new one passes;</li>
 * <li>a connection failure, 5xx or invalid response on live traffic checks that server at once (at most
 * once per {@code interval}).</li>
 * </ul>
 * Without it, HAProxy's behaviour: servers count UP until their first check, which is spread over
 * {@code inter}; only the state machine decides.
 */
public final class HealthMonitor {
    private static final Logger LOG = Logger.getLogger("lodestar.health");

    private final Clock clock;
    private volatile CheckRunner runner;
    private final Map<String, Map<String, Monitored>> backends = new LinkedHashMap<>();
    private volatile CheckScheduler scheduler;
    private volatile boolean stopped;

    public HealthMonitor(Config config, Clock clock, ServerStatuses statuses) {
        this.clock = clock;
        for (Backend backend : config.backends().values()) {
            Map<String, Monitored> servers = new LinkedHashMap<>();
            for (Server server : backend.servers()) {
                servers.put(server.name(), new Monitored(backend, statuses.get(backend.name(), server.name())));
            }
            backends.put(backend.name(), servers);
        }
    }

    /** Schedules the first check of every checked server. */
    public void start(CheckScheduler scheduler, CheckRunner runner) {
        this.runner = runner;
        this.scheduler = scheduler;
        for (Map<String, Monitored> servers : backends.values()) {
            List<Monitored> checked = servers.values().stream().filter(m -> m.status.checked()).toList();
            for (int i = 0; i < checked.size(); i++) {
                Monitored m = checked.get(i);
                // HAProxy spreads the first checks of a backend over inter; Lodestar checks all at once.
                Duration first = m.fast().enabled() ? Duration.ZERO
                        : m.server.inter().multipliedBy(i).dividedBy(checked.size());
                schedule(m, first);
            }
        }
    }

    /** No check starts after this; a check already running finishes and is not rescheduled. */
    public void stop() {
        stopped = true;
    }

    /**
     * Live traffic saw a server fail: with fast failover, check it now rather than at its next turn. A server
     * with {@code track} runs no check: the server it tracks is checked instead (a REST port refusing
     * connections says its master's UI is likely gone too).
     */
    public void observe(String backend, String server, Observation observation) {
        Monitored m = monitored(backend, server);
        if (m != null && m.server.track().isPresent()) {
            observe(m.server.track().get().backend(), m.server.track().get().server(), observation);
            return;
        }
        if (m == null || !m.status.checked() || !m.fast().enabled()) {
            return;
        }
        Duration sinceLast = Duration.between(m.lastFinished(), clock.instant());
        Duration wait = m.fast().interval().minus(sinceLast);
        LOG.log(Level.FINE, "{0}/{1}: {2} on live traffic, checking", new Object[] {backend, server, observation});
        checkSoon(m, wait.isNegative() ? Duration.ZERO : wait);
    }

    /**
     * Drops a server's scheduled check after an administrator changed whether it is checked (MAINT, checks
     * paused or resumed) and, if it is checked now, checks it at once.
     *
     * @throws IllegalArgumentException for an unknown server
     */
    public void reschedule(String backend, String server) {
        Monitored m = require(backend, server);
        synchronized (m) {
            m.generation++;
        }
        if (m.status.checked()) {
            checkSoon(m, Duration.ZERO);
        }
    }

    /**
     * Checks a server at once, unless a check of it is running already.
     *
     * @return false if the server is not checked now (no {@code check}, in maintenance, checks paused) or
     *         the checks have not started or have stopped
     */
    public boolean checkNow(String backend, String server) {
        Monitored m = require(backend, server);
        if (!m.status.checked() || scheduler == null || stopped) {
            return false;
        }
        checkSoon(m, Duration.ZERO);
        return true;
    }

    private Monitored require(String backend, String server) {
        Monitored m = monitored(backend, server);
        if (m == null) {
            throw new IllegalArgumentException("no server " + backend + "/" + server);
        }
        return m;
    }

    private Monitored monitored(String backend, String server) {
        return backends.getOrDefault(backend, Map.of()).get(server);
    }

    private void schedule(Monitored m, Duration delay) {
        long generation;
        synchronized (m) {
            generation = ++m.generation;
        }
        scheduler.schedule(delay, () -> run(m, generation));
    }

    /**
     * Replaces the scheduled check by one after {@code delay}. A running check already answers the
     * question, so nothing more is scheduled while one runs.
     */
    private void checkSoon(Monitored m, Duration delay) {
        synchronized (m) {
            if (m.running) {
                return;
            }
        }
        if (!stopped && scheduler != null) {
            schedule(m, delay);
        }
    }

    private void run(Monitored m, long generation) {
        synchronized (m) {
            if (stopped || m.running || generation != m.generation || !m.status.checked()) {
                return; // superseded by an earlier check, paused, or shutting down
            }
            m.running = true;
        }
        boolean flipped = false;
        try {
            HealthCheck check = m.backend.healthCheck();
            CheckResult result = runner.check(m.server, check, Checker.timeoutFor(m.server, m.backend.timeouts()));
            flipped = record(m, result);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "health check of " + m.backend.name() + "/" + m.server.name() + " failed", e);
        } finally {
            Duration next = null;
            synchronized (m) {
                m.running = false;
                m.lastFinished = clock.instant();
                if (m.status.checked()) {
                    next = interval(m);
                }
            }
            if (!stopped && next != null) {
                schedule(m, next); // not when paused meanwhile: resuming schedules the next check
            }
        }
        if (flipped && m.fast().enabled() && !stopped) {
            for (Monitored other : backends.get(m.backend.name()).values()) {
                if (other != m && other.status.checked()) {
                    checkSoon(other, Duration.ZERO);
                }
            }
        }
    }

    /** @return whether the check result flipped (passed after failing or the reverse) */
    private boolean record(Monitored m, CheckResult result) {
        return m.status.record(result, clock.instant()).flipped();
    }

    private Duration interval(Monitored m) {
        Duration base = m.status.nextInterval();
        HealthCheck.FastFailover fast = m.fast();
        boolean settled = m.status.state() == State.UP && m.status.health() == m.server.rise() + m.server.fall() - 1;
        return fast.enabled() && !settled && base.compareTo(fast.interval()) > 0 ? fast.interval() : base;
    }

    /** One checked server and what the scheduling of its checks needs. Guarded by itself. */
    private static final class Monitored {
        final Backend backend;
        final Server server;
        final ServerStatus status;
        long generation;
        boolean running;
        Instant lastFinished = Instant.EPOCH;

        Monitored(Backend backend, ServerStatus status) {
            this.backend = backend;
            this.server = status.server();
            this.status = status;
        }

        HealthCheck.FastFailover fast() {
            return backend.healthCheck().fastFailover();
        }

        synchronized Instant lastFinished() {
            return lastFinished;
        }
    }
}
