package org.lodestar.server;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

import org.lodestar.config.Server;

/**
 * The rise/fall state machine of one server, following HAProxy's {@code check}, {@code inter},
 * {@code fastinter}, {@code downinter}, {@code rise} and {@code fall}.
 *
 * <p><b>Counter.</b> {@code health} runs from 0 to {@code rise + fall - 1} ("full"); the server is UP
 * while {@code health >= rise}.
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
 * {@code rise}) until its first check. Lodestar starts a checked server in {@link State#INIT}, which is
 * not routable, and lets the first check decide: a pass makes it UP with health {@code rise}, exactly
 * HAProxy's start, so a following failure takes it DOWN; a failure makes it DOWN with health 0. A
 * server without {@code check} is always UP; a {@code disabled} one is always {@link State#MAINT}.
 * Neither is checked ({@link #checked()}), and {@link #record} refuses results for them.
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
 * <p><b>Administration.</b> An administrator may put a server in {@link State#MAINT} and take it out
 * again ({@link #setMaintenance}), and pause its checks ({@link #setChecksEnabled}): while either holds,
 * the server is not {@link #checked()} and late check results are ignored. Paused checks freeze the state
 * as it was, as HAProxy's {@code disable health}. Leaving maintenance starts a checked server over from
 * {@link State#INIT} (its next check decides), an unchecked one (or one with checks paused) goes UP.
 * Every administrator's action is kept in the history with its {@link AdminCause}, state change or not.
 *
 * <p>Thread-safe: checks complete on pool threads while the dashboard reads.
 */
public final class HealthState {
    public static final int HISTORY_SIZE = 20;

    private final Server server;
    private final int full;
    private State state;
    private int health;
    private CheckResult lastResult;
    private long chkfail;
    private long chkdown;
    private Instant lastChange;
    private Duration pastDowntime = Duration.ZERO;
    private boolean adminMaintenance;
    private boolean checksEnabled = true;
    private final Deque<Transition> history = new ArrayDeque<>(HISTORY_SIZE);

    /**
     * @param since when tracking starts: the first {@code lastChange}
     */
    public HealthState(Server server, Instant since) {
        this.server = Objects.requireNonNull(server, "server");
        if (server.rise() < 1 || server.fall() < 1) {
            throw new IllegalArgumentException("rise and fall must be at least 1 for server " + server.name());
        }
        this.full = server.rise() + server.fall() - 1;
        this.lastChange = Objects.requireNonNull(since, "since");
        if (server.disabled()) {
            state = State.MAINT;
        } else if (server.check()) {
            state = State.INIT;
        } else {
            state = State.UP;
            health = full;
        }
    }

    /**
     * Whether the scheduler should check this server: it has {@code check}, is not {@code disabled}, not in
     * an administrator's maintenance, and its checks are not paused.
     */
    public synchronized boolean checked() {
        return configuredChecked() && !adminMaintenance && checksEnabled;
    }

    private boolean configuredChecked() {
        return server.check() && !server.disabled();
    }

    /**
     * Puts the server in maintenance or takes it out (see the class comment).
     *
     * @return the transition, also kept in the history
     * @throws IllegalStateException for a {@code disabled} server, which the configuration keeps in MAINT
     */
    public synchronized Transition setMaintenance(boolean maintenance, AdminCause cause, Instant now) {
        if (server.disabled()) {
            throw new IllegalStateException("server " + server.name() + " is disabled in the configuration");
        }
        adminMaintenance = maintenance;
        State next;
        if (maintenance) {
            next = State.MAINT;
        } else if (state != State.MAINT) {
            next = state;
        } else if (configuredChecked() && checksEnabled) {
            health = 0;
            lastResult = null;
            next = State.INIT;
        } else {
            health = full;
            next = State.UP;
        }
        return changeTo(next, cause, now);
    }

    /**
     * Pauses or resumes the checks; the state stays as it is.
     *
     * @return the entry kept in the history
     */
    public synchronized Transition setChecksEnabled(boolean enabled, AdminCause cause, Instant now) {
        checksEnabled = enabled;
        return changeTo(state, cause, now);
    }

    /** Keeps an administrator's action that changes no state (a weight, a drain) in the history. */
    public synchronized Transition note(AdminCause cause, Instant now) {
        return changeTo(state, cause, now);
    }

    /**
     * Applies one check result.
     *
     * @return the state change it caused, if any; none when the checks were paused meanwhile (the result
     *         of a check that was running when an administrator paused them is ignored)
     * @throws IllegalStateException if the server has no checks in the configuration
     */
    public synchronized Optional<Transition> record(CheckResult result, Instant now) {
        Objects.requireNonNull(result, "result");
        Objects.requireNonNull(now, "now");
        if (!configuredChecked()) {
            throw new IllegalStateException("server " + server.name() + " is not checked");
        }
        if (!checked()) {
            return Optional.empty();
        }
        lastResult = result;
        if (!result.passed() && state != State.DOWN) {
            chkfail++;
        }
        State next = switch (state) {
            case INIT -> startWith(result.passed());
            case UP -> result.passed() ? passWhileUp() : failWhileUp();
            case DOWN -> result.passed() ? passWhileDown() : failWhileDown();
            case MAINT -> throw new AssertionError("MAINT servers are not checked");
        };
        return next == state ? Optional.empty() : Optional.of(changeTo(next, result, now));
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

    /** The last {@link #HISTORY_SIZE} transitions, oldest first. */
    public synchronized List<Transition> history() {
        return List.copyOf(history);
    }

    /** Total time spent DOWN, including the current DOWN period up to {@code now}. */
    public synchronized Duration downtime(Instant now) {
        Duration current = state == State.DOWN ? nonNegative(Duration.between(lastChange, now)) : Duration.ZERO;
        return pastDowntime.plus(current);
    }

    public synchronized Snapshot snapshot(Instant now) {
        return new Snapshot(server.name(), state, health, server.rise(), server.fall(), lastResult(), chkfail,
                chkdown, lastChange, downtime(now));
    }

    private void requireChecked() {
        if (!checked()) {
            throw new IllegalStateException("server " + server.name() + " is not checked");
        }
    }

    /** A caller's clock may step back; downtime must not shrink because of it. */
    private static Duration nonNegative(Duration duration) {
        return duration.isNegative() ? Duration.ZERO : duration;
    }
}
