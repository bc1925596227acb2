package org.lodestar.health;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lodestar.config.Backend;
import org.lodestar.config.Config;
import org.lodestar.config.HealthCheck;
import org.lodestar.config.Server;
import org.lodestar.server.AdminCause;
import org.lodestar.server.CheckResult;
import org.lodestar.server.HealthState;
import org.lodestar.server.ServerKey;
import org.lodestar.server.Snapshot;
import org.lodestar.server.State;
import org.lodestar.server.Transition;

/**
 * Drives the health checks of every checked server and tells the balancer which servers may take
 * traffic. Scheduling is delegated ({@link CheckScheduler}); each server has at most one check running
 * and one scheduled, so checks of one server never overlap, while checks of different servers run
 * concurrently.
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
    private final RoutingListener listener;
    private final Map<String, Map<String, Monitored>> backends = new LinkedHashMap<>();
    private volatile CheckScheduler scheduler;
    private volatile boolean stopped;

    public HealthMonitor(Config config, Clock clock, RoutingListener listener) {
        this.clock = clock;
        this.listener = listener;
        Instant now = clock.instant();
        for (Backend backend : config.backends().values()) {
            Map<String, Monitored> servers = new LinkedHashMap<>();
            for (Server server : backend.servers()) {
                servers.put(server.name(), new Monitored(backend, server, new HealthState(server, now)));
            }
            backends.put(backend.name(), servers);
        }
    }

    /**
     * The servers that must not take traffic until their first check passed (fast failover); the caller
     * holds them back in the balancer before traffic starts.
     */
    public List<ServerKey> awaitingFirstCheck() {
        List<ServerKey> pending = new ArrayList<>();
        for (Map<String, Monitored> servers : backends.values()) {
            for (Monitored m : servers.values()) {
                if (m.state.checked() && m.fast().enabled()) {
                    pending.add(new ServerKey(m.backend.name(), m.server.name()));
                }
            }
        }
        return pending;
    }

    /** Schedules the first check of every checked server. */
    public void start(CheckScheduler scheduler, CheckRunner runner) {
        this.runner = runner;
        this.scheduler = scheduler;
        for (Map<String, Monitored> servers : backends.values()) {
            List<Monitored> checked = servers.values().stream().filter(m -> m.state.checked()).toList();
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

    /** Live traffic saw a server fail: with fast failover, check it now rather than at its next turn. */
    public void observe(String backend, String server, Observation observation) {
        Monitored m = monitored(backend, server);
        if (m == null || !m.state.checked() || !m.fast().enabled()) {
            return;
        }
        Duration sinceLast = Duration.between(m.lastFinished(), clock.instant());
        Duration wait = m.fast().interval().minus(sinceLast);
        LOG.log(Level.FINE, "{0}/{1}: {2} on live traffic, checking", new Object[] {backend, server, observation});
        checkSoon(m, wait.isNegative() ? Duration.ZERO : wait);
    }

    /** Every server of a backend, in file order. */
    public List<Snapshot> snapshots(String backend) {
        Instant now = clock.instant();
        return backends.getOrDefault(backend, Map.of()).values().stream().map(m -> m.state.snapshot(now)).toList();
    }

    public Optional<HealthState> state(String backend, String server) {
        return Optional.ofNullable(monitored(backend, server)).map(m -> m.state);
    }

    /**
     * Puts a server in maintenance (no traffic, checks paused) or takes it out: a checked server is then
     * checked at once and takes traffic when that check passes, an unchecked one takes traffic at once.
     *
     * @return the transition, also kept in the server's history
     * @throws IllegalArgumentException for an unknown server
     * @throws IllegalStateException for a server {@code disabled} in the configuration
     */
    public Transition setMaintenance(String backend, String server, boolean maintenance, AdminCause cause) {
        Monitored m = require(backend, server);
        Transition transition = m.state.setMaintenance(maintenance, cause, clock.instant());
        RoutingListener.Routing routing;
        synchronized (m) {
            m.generation++; // drops the check scheduled before
            m.lastPassed = null;
            if (maintenance) {
                routing = RoutingListener.Routing.OUT;
            } else if (m.state.checked()) {
                routing = m.fast().enabled() ? RoutingListener.Routing.PENDING : RoutingListener.Routing.OUT;
            } else {
                routing = m.state.state().routable() ? RoutingListener.Routing.ROUTABLE : RoutingListener.Routing.OUT;
            }
            m.routing = routing;
        }
        LOG.info(() -> "Server " + backend + "/" + server + " is " + transition.to() + " (was " + transition.from()
                + "), reason: " + cause.actor() + " set " + cause.setting() + " to " + cause.to());
        listener.routing(backend, server, routing);
        if (!maintenance && m.state.checked()) {
            checkSoon(m, Duration.ZERO);
        }
        return transition;
    }

    /**
     * Pauses or resumes a server's checks. Paused, its state and traffic stay as they were; resumed, it is
     * checked at once.
     *
     * @throws IllegalArgumentException for an unknown server
     */
    public Transition setChecksEnabled(String backend, String server, boolean enabled, AdminCause cause) {
        Monitored m = require(backend, server);
        Transition transition = m.state.setChecksEnabled(enabled, cause, clock.instant());
        synchronized (m) {
            m.generation++;
        }
        LOG.info(() -> "Server " + backend + "/" + server + ": health checks " + (enabled ? "enabled" : "disabled")
                + " by " + cause.actor());
        if (enabled && m.state.checked()) {
            checkSoon(m, Duration.ZERO);
        }
        return transition;
    }

    /**
     * Checks a server at once, unless a check of it is running already.
     *
     * @return false if the server is not checked now (no {@code check}, in maintenance, checks paused) or
     *         the checks have not started or have stopped
     */
    public boolean checkNow(String backend, String server) {
        Monitored m = require(backend, server);
        if (!m.state.checked() || scheduler == null || stopped) {
            return false;
        }
        checkSoon(m, Duration.ZERO);
        return true;
    }

    /** Keeps an administrator's action that changes no health state in the server's history. */
    public Transition note(String backend, String server, AdminCause cause) {
        return require(backend, server).state.note(cause, clock.instant());
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
            if (stopped || m.running || generation != m.generation || !m.state.checked()) {
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
                if (m.state.checked()) {
                    next = interval(m);
                }
            }
            if (!stopped && next != null) {
                schedule(m, next); // not when paused meanwhile: resuming schedules the next check
            }
        }
        if (flipped && m.fast().enabled() && !stopped) {
            for (Monitored other : backends.get(m.backend.name()).values()) {
                if (other != m && other.state.checked()) {
                    checkSoon(other, Duration.ZERO);
                }
            }
        }
    }

    /** @return whether the check result flipped (passed after failing or the reverse) */
    private boolean record(Monitored m, CheckResult result) {
        if (!m.state.checked()) {
            return false; // paused while the check ran: its result no longer counts
        }
        Optional<Transition> transition = m.state.record(result, clock.instant());
        RoutingListener.Routing routing = routing(m, result);
        boolean flipped;
        boolean changed;
        synchronized (m) {
            flipped = m.lastPassed != null && m.lastPassed != result.passed();
            m.lastPassed = result.passed();
            changed = m.routing != routing;
            m.routing = routing;
        }
        transition.ifPresent(t -> LOG.info(() -> "Server " + m.backend.name() + "/" + m.server.name() + " is "
                + t.to() + " (was " + t.from() + "), reason: " + result.code() + " " + describe(result)));
        if (changed) {
            listener.routing(m.backend.name(), m.server.name(), routing);
        }
        return flipped;
    }

    /**
     * HAProxy routes to UP servers. Fast failover also keeps traffic from a server whose last check failed,
     * and lets requests wait for a server that is passing its way up rather than fail in the meantime.
     */
    private static RoutingListener.Routing routing(Monitored m, CheckResult result) {
        State state = m.state.state();
        if (state == State.MAINT) {
            return RoutingListener.Routing.OUT; // an administrator's maintenance came while the check ran
        }
        if (!m.fast().enabled()) {
            return state == State.UP ? RoutingListener.Routing.ROUTABLE : RoutingListener.Routing.OUT;
        }
        if (!result.passed()) {
            return RoutingListener.Routing.OUT;
        }
        return state == State.UP ? RoutingListener.Routing.ROUTABLE : RoutingListener.Routing.PENDING;
    }

    private static String describe(CheckResult result) {
        return (result.httpCode() > 0 ? "code " + result.httpCode() + ", " : "") + result.description()
                + ", check duration: " + result.durationMillis() + "ms";
    }

    private Duration interval(Monitored m) {
        Duration base = m.state.nextInterval();
        HealthCheck.FastFailover fast = m.fast();
        boolean settled = m.state.state() == State.UP && m.state.health() == m.server.rise() + m.server.fall() - 1;
        return fast.enabled() && !settled && base.compareTo(fast.interval()) > 0 ? fast.interval() : base;
    }

    /** One checked server and what the scheduling of its checks needs. Guarded by itself. */
    private static final class Monitored {
        final Backend backend;
        final Server server;
        final HealthState state;
        long generation;
        boolean running;
        Instant lastFinished = Instant.EPOCH;
        Boolean lastPassed;
        RoutingListener.Routing routing;

        Monitored(Backend backend, Server server, HealthState state) {
            this.backend = backend;
            this.server = server;
            this.state = state;
        }

        HealthCheck.FastFailover fast() {
            return backend.healthCheck().fastFailover();
        }

        synchronized Instant lastFinished() {
            return lastFinished;
        }
    }
}
