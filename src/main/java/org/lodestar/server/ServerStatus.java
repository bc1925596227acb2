package org.lodestar.server;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.logging.Logger;
import org.lodestar.config.Server;

/**
 * Everything that decides whether one server takes requests, and the answer, in one place: HAProxy's
 * {@code struct server} as far as its status goes. The health checks report here ({@link #record}), the
 * administrators act here ({@link #setMode}, {@link #setWeight}, {@link #setChecksEnabled}), and every
 * change that alters the answer is told at once to the backend's balancer ({@link StatusListener}, the
 * {@code ServerPool}), as HAProxy's server drives the {@code lb_ops} of its backend. The stats page's
 * server rows and the timeline read {@link #snapshot} and {@link #history()} of this same object, so what
 * the dashboard shows is what the balancer was told.
 *
 * <h2>Why isn't spark2 served?</h2>
 * Find spark2's status ({@code ProxyRuntime.servers().get("SRV_SPARK", "spark2")}, or its row on the stats
 * page) and read {@link #routing()}: {@link Routing#ROUTABLE}, {@link Routing#PENDING} (requests wait for
 * its next check) or {@link Routing#OUT}. {@link #decide()} is the only place it is computed, from these
 * fields, the first that applies winning:
 * <ol>
 * <li>{@code state == MAINT}: an administrator set {@code mode} MAINT, or the configuration says
 * {@code disabled}. OUT; its checks are paused.</li>
 * <li>{@code mode == DRAIN}: an administrator drains it. OUT for new requests; those in flight finish.</li>
 * <li>{@code state} and {@code lastCheck}, what the checks found (with {@code fastFailover}, the backend's
 * {@code option lodestar-fast-failover}, on by default):
 * <ul>
 * <li>INIT, not checked yet: PENDING with fast failover; without it ROUTABLE at start
 * ({@code upUntilFirstCheck}, HAProxy counts a server UP until its first check) and OUT after a
 * maintenance;</li>
 * <li>UP: ROUTABLE, but OUT with fast failover when its last check failed, even before {@code fall}
 * failures take it DOWN;</li>
 * <li>DOWN: OUT, but PENDING with fast failover when its last check passed (it is on its way UP).</li>
 * </ul></li>
 * <li>{@code weight == 0}: would be ROUTABLE but takes no new request. OUT (the page says DRAIN).</li>
 * </ol>
 * Then why the state is what it is: {@code lastResult} is the last check's verdict (the page's LastChk),
 * {@code health} the rise/fall counter (the page's "UP 1/2", "DOWN 1/2"), {@link #history()} the last
 * changes and their causes (the page's timeline); no check runs while {@link #checked()} is false
 * ({@code checksEnabled} false: paused by an administrator). Its log lines are on {@code lodestar.health}.
 *
 * <p>A server with {@code track} runs no check: its state and its answer but for the weight are the tracked
 * server's ({@link #addTracker}), handed down the chain at every change, MAINT and DRAIN included; its own
 * administrator's MAINT, DRAIN and weight stay its own.
 *
 * <h2>The state machine</h2>
 * HAProxy's {@code check}, {@code inter}, {@code fastinter}, {@code downinter}, {@code rise} and
 * {@code fall}. {@code health} runs from 0 to {@code rise + fall - 1} ("full"); the server is UP while
 * {@code health >= rise}.
 * <ul>
 * <li>Pass while DOWN: {@code health + 1}; on reaching {@code rise} the server goes UP and health
 * jumps to full.</li>
 * <li>Fail while UP: {@code health - 1}; on dropping below {@code rise} the server goes DOWN and
 * health drops to 0.</li>
 * <li>Pass while UP: health grows up to full. Fail while DOWN: health shrinks down to 0.</li>
 * </ul>
 * So from full health exactly {@code fall} consecutive failures take a server DOWN, and from 0
 * exactly {@code rise} consecutive passes bring it UP.
 *
 * <p><b>Start (deviation from HAProxy).</b> HAProxy treats every server as UP (with health
 * {@code rise}) until its first check. Lodestar starts a checked server in {@link State#INIT} and lets
 * the first check decide: a pass makes it UP with health {@code rise}, exactly HAProxy's start, so a
 * following failure takes it DOWN; a failure makes it DOWN with health 0. A server without
 * {@code check} is always UP; a {@code disabled} one is always {@link State#MAINT}. Neither is checked
 * ({@link #checked()}), and {@link #record} refuses results for them.
 *
 * <p><b>Intervals.</b> See {@link #nextInterval()}.
 *
 * <p><b>Counters.</b> {@code chkfail} counts failed checks while the server is UP or INIT, i.e.
 * while it was (or, in HAProxy, would be) considered up: the failures that wear an UP server down or
 * decide a first check against it. Failures while DOWN are not counted, as in HAProxy, whose stats
 * count only checks failed while the server is up. {@code chkdown} counts UP to DOWN transitions
 * only: INIT to DOWN is not a loss, the server was never routable. Downtime is the time spent in
 * DOWN; INIT is not downtime. The history keeps the last {@link #HISTORY_SIZE} transitions, oldest
 * first.
 *
 * <p><b>Administration.</b> MAINT pauses the checks and late check results are ignored, as do paused
 * checks, which freeze the state as it was (HAProxy's {@code disable health}). Leaving MAINT starts a
 * checked server over from {@link State#INIT} (its next check decides), an unchecked one (or one with
 * checks paused) goes UP. Every administrator's action is kept in the history with its
 * {@link AdminCause}, state change or not.
 *
 * <p>Thread-safe: checks complete on pool threads while administrators act and the dashboard reads. The
 * balancer is told under this object's lock, so it must not call back (see {@link StatusListener}).
 */
public final class ServerStatus {
    public static final int HISTORY_SIZE = 20;
    private static final Logger LOG = Logger.getLogger("lodestar.health");

    /** What the last check said, since the start or the last move in or out of MAINT. */
    private enum LastCheck {
        NONE, PASSED, FAILED
    }

    private final String backend;
    private final Server server;
    private final boolean fastFailover;
    private final int full;
    private final StatusListener balancer;

    // What administrators set (the configuration's, until they act).
    private AdminMode mode;
    private int weight;
    private boolean checksEnabled = true;

    // What the checks found.
    private State state;
    private int health;
    private CheckResult lastResult;
    private LastCheck lastCheck = LastCheck.NONE;
    /** Without fast failover, HAProxy counts a checked server UP until its first check; not after a MAINT. */
    private boolean upUntilFirstCheck;
    private long chkfail;
    private long chkdown;
    private Instant lastChange;
    private Duration pastDowntime = Duration.ZERO;
    private final Deque<Transition> history = new ArrayDeque<>(HISTORY_SIZE);

    /** The answer, as last told to the balancer. */
    private Routing routing;
    private int weightTold;

    // track: the servers that take this one's health, and what they were last told.
    private final List<ServerStatus> trackers = new ArrayList<>();
    private State stateToldTrackers;
    private Routing routingToldTrackers;
    /** For a server with {@code track}: the tracked server's state and answer (its weight aside), as last told. */
    private State trackedState = State.INIT;
    private Routing trackedRouting = Routing.OUT;

    /**
     * Tells {@code balancer} the server's first answer before returning.
     *
     * @param fastFailover the backend's {@code option lodestar-fast-failover}
     * @param since        when tracking starts: the first {@code lastChange}
     */
    public ServerStatus(String backend, Server server, boolean fastFailover, Instant since, StatusListener balancer) {
        this.backend = Objects.requireNonNull(backend, "backend");
        this.server = Objects.requireNonNull(server, "server");
        this.balancer = Objects.requireNonNull(balancer, "balancer");
        if (server.rise() < 1 || server.fall() < 1) {
            throw new IllegalArgumentException("rise and fall must be at least 1 for server " + server.name());
        }
        this.fastFailover = fastFailover;
        this.full = server.rise() + server.fall() - 1;
        this.lastChange = Objects.requireNonNull(since, "since");
        this.mode = server.disabled() ? AdminMode.MAINT : AdminMode.READY;
        this.weight = server.weight();
        if (server.disabled()) {
            state = State.MAINT;
        } else if (server.track().isPresent()) {
            state = State.INIT; // until ServerStatuses has it follow the tracked server
        } else if (server.check()) {
            state = State.INIT;
            upUntilFirstCheck = !fastFailover;
        } else {
            state = State.UP;
            health = full;
        }
        synchronized (this) {
            routing = decide();
            weightTold = weight;
            balancer.statusChanged(server.name(), routing, weight);
        }
    }

    /**
     * May the server take a request: the only place the answer is computed (see the class comment). The
     * answer is {@link #routing()}, which the balancer was told.
     */
    private Routing decide() {
        Routing byHealth = decideHealth();
        return byHealth == Routing.ROUTABLE && weight == 0 ? Routing.OUT : byHealth;
    }

    /**
     * The answer but for the weight: what a server that tracks this one takes (HAProxy hands down the
     * operational state and MAINT/DRAIN, never the weight). A tracking server's own checks are the tracked
     * one's answer.
     */
    private Routing decideHealth() {
        if (state == State.MAINT || mode == AdminMode.DRAIN) {
            return Routing.OUT;
        }
        if (server.track().isPresent()) {
            return trackedRouting;
        }
        return switch (state) {
            case INIT -> fastFailover ? Routing.PENDING : upUntilFirstCheck ? Routing.ROUTABLE : Routing.OUT;
            case UP -> fastFailover && lastCheck == LastCheck.FAILED ? Routing.OUT : Routing.ROUTABLE;
            case DOWN -> fastFailover && lastCheck == LastCheck.PASSED ? Routing.PENDING : Routing.OUT;
            case MAINT -> throw new AssertionError("handled above");
        };
    }

    /**
     * Decides again and tells the balancer what changed: HAProxy's {@code srv_update_status}; then the servers
     * that track this one, if their part changed.
     */
    private void publish(TransitionCause cause, Instant now) {
        Routing answer = decide();
        if (answer != routing || weight != weightTold) {
            routing = answer;
            weightTold = weight;
            balancer.statusChanged(server.name(), answer, weight);
        }
        Routing handedDown = decideHealth();
        if (!trackers.isEmpty() && (state != stateToldTrackers || handedDown != routingToldTrackers)) {
            stateToldTrackers = state;
            routingToldTrackers = handedDown;
            TrackedCause via = new TrackedCause(name(), cause);
            trackers.forEach(t -> t.follow(state, handedDown, via, now));
        }
    }

    /**
     * Has {@code tracker} (a server with {@code track} naming this one) take this server's health from now on.
     * Locks this status, then the tracker's: the configuration refuses loops, so the order is always the same.
     */
    synchronized void addTracker(ServerStatus tracker, Instant now) {
        if (tracker.server.track().isEmpty()) {
            throw new IllegalArgumentException("server " + tracker.name() + " has no 'track'");
        }
        trackers.add(tracker);
        tracker.follow(state, decideHealth(), new TrackedCause(name(), new AdminCause("configuration", "track",
                "-", name())), now);
    }

    /** Takes the tracked server's state and answer; its own MAINT (administrator's or configured) stays. */
    private synchronized void follow(State state, Routing routing, TrackedCause cause, Instant now) {
        trackedState = state;
        trackedRouting = routing;
        if (this.state == State.MAINT && (mode == AdminMode.MAINT || server.disabled())) {
            publish(cause, now);
            return;
        }
        health = state == State.UP ? full : 0;
        if (state != this.state) {
            Transition t = changeTo(state, cause, now);
            LOG.info(() -> "Server " + name() + " is " + t.to() + " (was " + t.from() + "), reason: tracks "
                    + cause.tracked());
        }
        publish(cause, now);
    }

    /**
     * Whether the scheduler should check this server: it has {@code check}, is not {@code disabled}, not in
     * an administrator's maintenance, and its checks are not paused.
     */
    public synchronized boolean checked() {
        return configuredChecked() && mode != AdminMode.MAINT && checksEnabled;
    }

    private boolean configuredChecked() {
        return server.check() && !server.disabled();
    }

    /** What one check changed. */
    public record Recorded(Optional<Transition> transition, boolean flipped) {
        static final Recorded IGNORED = new Recorded(Optional.empty(), false);
    }

    /**
     * Applies one check result.
     *
     * @return the state change it caused, if any, and whether its verdict differs from the previous check's
     *         (a first check after the start or a maintenance flips nothing); nothing when the checks were
     *         paused meanwhile (the result of a check that was running when an administrator paused them, or
     *         set MAINT, is ignored)
     * @throws IllegalStateException if the server has no checks in the configuration
     */
    public synchronized Recorded record(CheckResult result, Instant now) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(now, "now");
        if (!configuredChecked()) {
            throw new IllegalStateException("server " + server.name() + " is not checked");
        }
        if (!checked()) {
            return Recorded.IGNORED;
        }
        lastResult = result;
        if (!result.passed() && state != State.DOWN) {
            chkfail++;
        }
        LastCheck verdict = result.passed() ? LastCheck.PASSED : LastCheck.FAILED;
        boolean flipped = lastCheck != LastCheck.NONE && lastCheck != verdict;
        lastCheck = verdict;
        State next = switch (state) {
            case INIT -> startWith(result.passed());
            case UP -> result.passed() ? passWhileUp() : failWhileUp();
            case DOWN -> result.passed() ? passWhileDown() : failWhileDown();
            case MAINT -> throw new AssertionError("MAINT servers are not checked");
        };
        Optional<Transition> transition = next == state ? Optional.empty() : Optional.of(changeTo(next, result, now));
        transition.ifPresent(t -> LOG.info(() -> "Server " + name() + " is " + t.to() + " (was " + t.from()
                + "), reason: " + result.code() + " " + describe(result)));
        publish(result, now);
        return new Recorded(transition, flipped);
    }

    private State startWith(boolean passed) {
        health = passed ? server.rise() : 0;
        return passed ? State.UP : State.DOWN;
    }

    private State passWhileUp() {
        health = Math.min(health + 1, full);
        return State.UP;
    }

    private State failWhileUp() {
        health--;
        if (health < server.rise()) {
            health = 0;
            return State.DOWN;
        }
        return State.UP;
    }

    private State passWhileDown() {
        health++;
        if (health >= server.rise()) {
            health = full;
            return State.UP;
        }
        return State.DOWN;
    }

    private State failWhileDown() {
        health = Math.max(health - 1, 0);
        return State.DOWN;
    }

    /**
     * An administrator's READY, DRAIN or MAINT (see the class comment). Moving in or out of MAINT forgets
     * the last check; the caller has the health monitor reschedule the checks.
     *
     * @return the transition, also kept in the history
     * @throws IllegalStateException for a {@code disabled} server, which the configuration keeps in MAINT
     */
    public synchronized Transition setMode(AdminMode mode, AdminCause cause, Instant now) {
        Objects.requireNonNull(mode, "mode");
        if (server.disabled()) {
            throw new IllegalStateException("server " + server.name() + " is disabled in the configuration");
        }
        boolean maintenanceChanged = (mode == AdminMode.MAINT) != (this.mode == AdminMode.MAINT);
        this.mode = mode;
        State next = state;
        if (maintenanceChanged) {
            lastCheck = LastCheck.NONE;
            upUntilFirstCheck = false;
            if (mode == AdminMode.MAINT) {
                next = State.MAINT;
            } else if (server.track().isPresent()) {
                health = trackedState == State.UP ? full : 0;
                next = trackedState;
            } else if (configuredChecked() && checksEnabled) {
                health = 0;
                lastResult = null;
                next = State.INIT;
            } else {
                health = full;
                next = State.UP;
            }
        }
        Transition transition = changeTo(next, cause, now);
        if (maintenanceChanged) {
            LOG.info(() -> "Server " + name() + " is " + transition.to() + " (was " + transition.from()
                    + "), reason: " + cause.actor() + " set " + cause.setting() + " to " + cause.to());
        }
        publish(cause, now);
        return transition;
    }

    /**
     * An administrator's weight; 0 takes no new request.
     *
     * @return the entry kept in the history
     * @throws IllegalArgumentException outside 0..{@value Server#MAX_WEIGHT}
     */
    public synchronized Transition setWeight(int weight, AdminCause cause, Instant now) {
        if (weight < 0 || weight > Server.MAX_WEIGHT) {
            throw new IllegalArgumentException("weight must be 0.." + Server.MAX_WEIGHT + ", not " + weight);
        }
        this.weight = weight;
        Transition transition = changeTo(state, cause, now);
        publish(cause, now);
        return transition;
    }

    /**
     * Pauses or resumes the checks; the state stays as it is. The caller has the health monitor reschedule
     * the checks.
     *
     * @return the entry kept in the history
     */
    public synchronized Transition setChecksEnabled(boolean enabled, AdminCause cause, Instant now) {
        checksEnabled = enabled;
        Transition transition = changeTo(state, cause, now);
        LOG.info(() -> "Server " + name() + ": health checks " + (enabled ? "enabled" : "disabled") + " by "
                + cause.actor());
        publish(cause, now);
        return transition;
    }

    private Transition changeTo(State next, TransitionCause cause, Instant now) {
        if (state == State.DOWN && next != State.DOWN) {
            pastDowntime = pastDowntime.plus(nonNegative(Duration.between(lastChange, now)));
        }
        if (state == State.UP && next == State.DOWN) {
            chkdown++;
        }
        Transition transition = new Transition(server.name(), now, state, next, cause);
        if (history.size() == HISTORY_SIZE) {
            history.removeFirst();
        }
        history.addLast(transition);
        if (next != state) {
            state = next;
            lastChange = now;
        }
        return transition;
    }

    /**
     * How long to wait before the next check: {@code inter} when UP with full health, {@code fastinter}
     * while the state is changing (UP below full health, or DOWN above 0), {@code downinter} when DOWN
     * with health 0, and zero in INIT so the first verdict comes as soon as possible.
     *
     * @throws IllegalStateException if the server is not {@link #checked()}
     */
    public synchronized Duration nextInterval() {
        requireChecked();
        return switch (state) {
            case INIT -> Duration.ZERO;
            case UP -> health == full ? server.inter() : server.fastinter();
            case DOWN -> health == 0 ? server.downinter() : server.fastinter();
            case MAINT -> throw new AssertionError("MAINT servers are not checked");
        };
    }

    /** The answer the balancer was last told (see the class comment). */
    public synchronized Routing routing() {
        return routing;
    }

    public String backend() {
        return backend;
    }

    /** The configuration's {@code server} line. */
    public Server server() {
        return server;
    }

    public synchronized AdminMode mode() {
        return mode;
    }

    public synchronized int weight() {
        return weight;
    }

    public synchronized boolean checksEnabled() {
        return checksEnabled;
    }

    public synchronized State state() {
        return state;
    }

    public synchronized int health() {
        return health;
    }

    public synchronized Optional<CheckResult> lastResult() {
        return Optional.ofNullable(lastResult);
    }

    public synchronized long chkfail() {
        return chkfail;
    }

    public synchronized long chkdown() {
        return chkdown;
    }

    public synchronized Instant lastChange() {
        return lastChange;
    }

    /** The last {@link #HISTORY_SIZE} transitions, oldest first: the dashboard's timeline. */
    public synchronized List<Transition> history() {
        return List.copyOf(history);
    }

    /** Total time spent DOWN, including the current DOWN period up to {@code now}. */
    public synchronized Duration downtime(Instant now) {
        Duration current = state == State.DOWN ? nonNegative(Duration.between(lastChange, now)) : Duration.ZERO;
        return pastDowntime.plus(current);
    }

    /** Everything above at one instant, for the stats page, the exports and the 503 page. */
    public synchronized Snapshot snapshot(Instant now) {
        return new Snapshot(server.name(), state, health, server.rise(), server.fall(), lastResult(), chkfail,
                chkdown, lastChange, downtime(now), mode, weight, routing);
    }

    private void requireChecked() {
        if (!checked()) {
            throw new IllegalStateException("server " + server.name() + " is not checked");
        }
    }

    private String name() {
        return backend + "/" + server.name();
    }

    private static String describe(CheckResult result) {
        return (result.httpCode() > 0 ? "code " + result.httpCode() + ", " : "") + result.description()
                + ", check duration: " + result.durationMillis() + "ms";
    }

    /** A caller's clock may step back; downtime must not shrink because of it. */
    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
