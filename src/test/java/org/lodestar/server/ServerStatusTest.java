package org.lodestar.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lodestar.testing.Fixtures.server;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.lodestar.config.Server;

/** Drives a server's status on a fake clock: {@link #now} only moves when a test says so. */
class ServerStatusTest {
    private static final CheckResult PASS = CheckResult.httpPassed(200, 3, "200 OK");
    private static final CheckResult FAIL = CheckResult.failedWithoutResponse(CheckCode.L4CON, 1, "Connection refused");

    private Instant now = Instant.parse("2026-01-01T00:00:00Z");

    /** inter 2s, fastinter 500ms, downinter 10s. */
    private static Server checked(int rise, int fall) {
        return server("s1").port(7077).check().inter(Duration.ofSeconds(2)).fastinter(Duration.ofMillis(500))
                .downinter(Duration.ofSeconds(10)).rise(rise).fall(fall).build();
    }

    /** What the balancer was told, in order. */
    private final List<String> told = new ArrayList<>();

    /** rise 2, fall 3: full health 4; inter 2s, fastinter 500ms, downinter 10s; fast failover. */
    private final ServerStatus state = status(checked(2, 3), true);

    private ServerStatus status(Server server, boolean fastFailover) {
        return new ServerStatus("be", server, fastFailover, now,
                (name, routing, weight) -> told.add(name + " " + routing + " " + weight));
    }

    private Optional<Transition> record(CheckResult result) {
        now = now.plusSeconds(1);
        return state.record(result, now).transition();
    }

    private void repeat(CheckResult result, int times) {
        for (int i = 0; i < times; i++) {
            record(result);
        }
    }

    @Test
    void checkedServerStartsInInitNotRoutableAndIsCheckedImmediately() {
        assertEquals(State.INIT, state.state());
        assertEquals(Routing.PENDING, state.routing(), "fast failover: requests wait for the first check");
        assertTrue(state.checked());
        assertEquals(Duration.ZERO, state.nextInterval());
        assertEquals(now, state.lastChange());
        assertTrue(state.lastResult().isEmpty());
    }

    @Test
    void firstPassMakesItUpWithHealthRise() {
        Transition transition = record(PASS).orElseThrow();
        assertEquals(new Transition("s1", now, State.INIT, State.UP, PASS), transition);
        assertEquals(State.UP, state.state());
        assertEquals(Routing.ROUTABLE, state.routing());
        assertEquals(2, state.health());
    }

    @Test
    void afterFirstPassOneFailureTakesItDownLikeHaproxysStart() {
        record(PASS);
        Transition down = record(FAIL).orElseThrow();
        assertEquals(State.UP, down.from());
        assertEquals(State.DOWN, down.to());
        assertEquals(0, state.health());
    }

    @Test
    void firstFailureMakesItDownWithHealthZero() {
        Transition transition = record(FAIL).orElseThrow();
        assertEquals(State.INIT, transition.from());
        assertEquals(State.DOWN, transition.to());
        assertEquals(0, state.health());
        assertEquals(FAIL, transition.cause());
    }

    @Test
    void fromFullHealthExactlyFallFailuresTakeItDown() {
        repeat(PASS, 3);
        assertEquals(4, state.health());
        assertTrue(record(FAIL).isEmpty());
        assertTrue(record(FAIL).isEmpty());
        assertEquals(State.UP, state.state());
        assertEquals(2, state.health());
        assertEquals(State.DOWN, record(FAIL).orElseThrow().to());
        assertEquals(0, state.health());
    }

    @Test
    void fromZeroExactlyRisePassesBringItUpWithFullHealth() {
        record(FAIL);
        assertTrue(record(PASS).isEmpty());
        assertEquals(State.DOWN, state.state());
        assertEquals(1, state.health());
        Transition up = record(PASS).orElseThrow();
        assertEquals(State.DOWN, up.from());
        assertEquals(State.UP, up.to());
        assertEquals(4, state.health());
    }

    @Test
    void alternatingResultsNeverFlipAFullHealthServer() {
        repeat(PASS, 3);
        for (int i = 0; i < 50; i++) {
            assertTrue(record(FAIL).isEmpty());
            assertTrue(record(PASS).isEmpty());
        }
        assertEquals(State.UP, state.state());
        assertEquals(4, state.health());
    }

    @Test
    void alternatingResultsNeverRaiseADownServer() {
        record(FAIL);
        for (int i = 0; i < 50; i++) {
            assertTrue(record(PASS).isEmpty());
            assertTrue(record(FAIL).isEmpty());
        }
        assertEquals(State.DOWN, state.state());
    }

    @Test
    void healthStaysWithinZeroAndRisePlusFallMinusOne() {
        repeat(PASS, 10);
        assertEquals(4, state.health());
        repeat(FAIL, 10);
        assertEquals(0, state.health());
        record(PASS);
        assertEquals(1, state.health());
        record(FAIL);
        record(FAIL);
        assertEquals(0, state.health());
    }

    @Test
    void intervalIsInterWhenFullFastinterWhileChangingDowninterWhenDown() {
        record(PASS);
        assertEquals(Duration.ofMillis(500), state.nextInterval(), "UP, health rise < full");
        repeat(PASS, 2);
        assertEquals(Duration.ofSeconds(2), state.nextInterval(), "UP, full");
        record(FAIL);
        assertEquals(Duration.ofMillis(500), state.nextInterval(), "UP, going down");
        repeat(FAIL, 2);
        assertEquals(Duration.ofSeconds(10), state.nextInterval(), "DOWN, health 0");
        record(PASS);
        assertEquals(Duration.ofMillis(500), state.nextInterval(), "DOWN, coming up");
    }

    @Test
    void chkfailCountsFailuresWhileUpOrInitButNotWhileDown() {
        record(FAIL); // INIT -> DOWN: counted
        assertEquals(1, state.chkfail());
        repeat(FAIL, 3); // DOWN: not counted
        record(PASS);
        record(FAIL); // DOWN, coming up: not counted
        assertEquals(1, state.chkfail());
        repeat(PASS, 2); // UP
        repeat(FAIL, 3); // UP, UP, UP -> DOWN: all counted
        assertEquals(4, state.chkfail());
        assertEquals(FAIL, state.lastResult().orElseThrow());
    }

    @Test
    void chkdownCountsOnlyUpToDownTransitions() {
        record(FAIL); // INIT -> DOWN is not a loss of a routable server
        assertEquals(0, state.chkdown());
        repeat(PASS, 2);
        repeat(FAIL, 3);
        assertEquals(1, state.chkdown());
        repeat(PASS, 2);
        repeat(FAIL, 3);
        assertEquals(2, state.chkdown());
    }

    @Test
    void downtimeSumsDownPeriodsIncludingTheCurrentOne() {
        Instant start = now;
        state.record(FAIL, start.plusSeconds(5)); // INIT is not downtime
        assertEquals(Duration.ZERO, state.downtime(start.plusSeconds(5)));
        assertEquals(Duration.ofSeconds(10), state.downtime(start.plusSeconds(15)));
        state.record(PASS, start.plusSeconds(20));
        state.record(PASS, start.plusSeconds(25)); // UP after 20s down
        assertEquals(Duration.ofSeconds(20), state.downtime(start.plusSeconds(100)));
        state.record(PASS, start.plusSeconds(30));
        state.record(FAIL, start.plusSeconds(40));
        state.record(FAIL, start.plusSeconds(41));
        state.record(FAIL, start.plusSeconds(42)); // DOWN again
        assertEquals(start.plusSeconds(42), state.lastChange());
        assertEquals(Duration.ofSeconds(27), state.downtime(start.plusSeconds(49)));
    }

    @Test
    void historyKeepsTheLastTwentyTransitionsOldestFirst() {
        record(FAIL); // INIT -> DOWN, soon evicted
        for (int i = 0; i < 15; i++) {
            repeat(PASS, 2);
            repeat(FAIL, 3);
        }
        List<Transition> history = state.history();
        assertEquals(ServerStatus.HISTORY_SIZE, history.size());
        for (int i = 1; i < history.size(); i++) {
            assertTrue(history.get(i - 1).at().isBefore(history.get(i).at()));
            assertEquals(history.get(i - 1).to(), history.get(i).from());
        }
        assertEquals(State.DOWN, history.get(history.size() - 1).to());
        assertFalse(history.stream().anyMatch(t -> t.from() == State.INIT));
    }

    @Test
    void snapshotCopiesEveryCounter() {
        Instant start = now;
        record(PASS);
        repeat(FAIL, 1);
        Snapshot snapshot = state.snapshot(now.plusSeconds(3));
        assertEquals(new Snapshot("s1", State.DOWN, 0, 2, 3, Optional.of(FAIL), 1, 1, start.plusSeconds(2),
                Duration.ofSeconds(3), AdminMode.READY, 1, Routing.OUT), snapshot);
    }

    @Test
    void riseAndFallOfOneFlipOnEveryChange() {
        ServerStatus single = status(checked(1, 1), true);
        single.record(PASS, now);
        assertEquals(1, single.health());
        assertEquals(Duration.ofSeconds(2), single.nextInterval(), "rise 1 fall 1: UP is already full");
        assertEquals(State.DOWN, single.record(FAIL, now).transition().orElseThrow().to());
        assertEquals(State.UP, single.record(PASS, now).transition().orElseThrow().to());
    }

    @Test
    void serverWithoutCheckIsAlwaysUpAndNeverChecked() {
        ServerStatus unchecked = status(server("s2").port(7077).line(2).build(), true);
        assertEquals(State.UP, unchecked.state());
        assertFalse(unchecked.checked());
        assertThrows(IllegalStateException.class, () -> unchecked.record(FAIL, now));
        assertThrows(IllegalStateException.class, unchecked::nextInterval);
        assertEquals(State.UP, unchecked.state());
    }

    @Test
    void disabledServerIsInMaintenanceAndNeverChecked() {
        ServerStatus disabled = status(server("s3").port(7077).check().disabled().line(3).build(), true);
        assertEquals(State.MAINT, disabled.state());
        assertEquals(Routing.OUT, disabled.routing());
        assertFalse(disabled.checked());
        assertThrows(IllegalStateException.class, () -> disabled.record(PASS, now));
    }

    private static final AdminCause MAINT = new AdminCause("ops", "state", "READY", "MAINT");
    private static final AdminCause READY = new AdminCause("ops", "state", "MAINT", "READY");

    @Test
    void maintenanceStopsChecksIgnoresLateResultsAndStartsOverFromInit() {
        repeat(PASS, 2);
        Transition in = state.setMode(AdminMode.MAINT, MAINT, now);
        assertEquals(new Transition("s1", now, State.UP, State.MAINT, MAINT), in);
        assertFalse(state.checked());
        assertEquals(Optional.empty(), record(FAIL), "a check that was running when MAINT came is ignored");
        assertEquals(State.MAINT, state.state());
        assertEquals(0, state.chkfail());

        Transition out = state.setMode(AdminMode.READY, READY, now);
        assertEquals(State.INIT, out.to());
        assertTrue(state.checked());
        assertTrue(state.lastResult().isEmpty(), "the next check decides, not one from before");
        assertEquals(State.UP, record(PASS).orElseThrow().to());
    }

    @Test
    void pausedChecksFreezeTheStateAndAdminNotesKeepTheDowntime() {
        record(FAIL); // DOWN
        Instant down = now;
        AdminCause paused = new AdminCause("ops", "checks", "enabled", "disabled");
        Transition note = state.setChecksEnabled(false, paused, now.plusSeconds(5));
        assertEquals(new Transition("s1", now.plusSeconds(5), State.DOWN, State.DOWN, paused), note);
        assertFalse(state.checked());
        assertEquals(Optional.empty(), record(PASS));
        assertEquals(State.DOWN, state.state());
        assertEquals(down, state.lastChange(), "a note is not a state change");
        assertEquals(Duration.ofSeconds(9), state.downtime(down.plusSeconds(9)));
        assertEquals(paused, state.history().get(state.history().size() - 1).cause());
    }

    @Test
    void uncheckedServerLeavesMaintenanceUp() {
        ServerStatus unchecked = status(server("s2").port(7077).line(2).build(), true);
        unchecked.setMode(AdminMode.MAINT, MAINT, now);
        assertEquals(State.MAINT, unchecked.state());
        assertEquals(State.UP, unchecked.setMode(AdminMode.READY, READY, now).to());
    }

    @Test
    void disabledServerCannotLeaveMaintenance() {
        ServerStatus disabled = status(server("s3").port(7077).check().disabled().line(3).build(), true);
        assertThrows(IllegalStateException.class, () -> disabled.setMode(AdminMode.READY, READY, now));
    }

    /** The one answer to "may it take a request?", and what the balancer is told. */
    @Nested
    class Answer {
        private final AdminCause drain = new AdminCause("ops", "state", "READY", "DRAIN");

        @Test
        void withFastFailoverAFailedLastCheckTakesAnUpServerOutBeforeFallDoes() {
            repeat(PASS, 3);
            record(FAIL);
            assertEquals(State.UP, state.state(), "HAProxy's counter: one failure of three");
            assertEquals(Routing.OUT, state.routing());
            record(PASS);
            assertEquals(Routing.ROUTABLE, state.routing());
        }

        @Test
        void withFastFailoverADownServerPassingItsWayUpIsPending() {
            record(FAIL);
            assertEquals(Routing.OUT, state.routing());
            record(PASS);
            assertEquals(State.DOWN, state.state(), "one pass of rise 2");
            assertEquals(Routing.PENDING, state.routing(), "requests wait for its next check");
            record(FAIL);
            assertEquals(Routing.OUT, state.routing());
        }

        @Test
        void withoutFastFailoverHaproxysRules() {
            ServerStatus haproxy = status(checked(2, 3), false);
            assertEquals(Routing.ROUTABLE, haproxy.routing(), "UP until its first check");
            for (int i = 0; i < 3; i++) {
                haproxy.record(PASS, now);
            }
            haproxy.record(FAIL, now);
            assertEquals(State.UP, haproxy.state());
            assertEquals(Routing.ROUTABLE, haproxy.routing(), "until fall failures take it DOWN");
            haproxy.record(FAIL, now);
            haproxy.record(FAIL, now);
            haproxy.record(PASS, now);
            assertEquals(State.DOWN, haproxy.state());
            assertEquals(Routing.OUT, haproxy.routing(), "no waiting for a server on its way up");

            haproxy.setMode(AdminMode.MAINT, MAINT, now);
            haproxy.setMode(AdminMode.READY, READY, now);
            assertEquals(State.INIT, haproxy.state());
            assertEquals(Routing.OUT, haproxy.routing(), "after a maintenance, only a check brings it back");
        }

        @Test
        void drainAndWeightZeroTakeNoNewRequestsWhateverTheChecksSay() {
            repeat(PASS, 3);
            state.setMode(AdminMode.DRAIN, drain, now);
            assertEquals(Routing.OUT, state.routing());
            repeat(PASS, 2);
            assertEquals(Routing.OUT, state.routing(), "checks go on, the drain holds");
            state.setMode(AdminMode.READY, new AdminCause("ops", "state", "DRAIN", "READY"), now);
            assertEquals(Routing.ROUTABLE, state.routing());
            state.setWeight(0, new AdminCause("ops", "weight", "1", "0"), now);
            assertEquals(Routing.OUT, state.routing());
            assertThrows(IllegalArgumentException.class, () -> state.setWeight(257, READY, now));
        }

        @Test
        void maintenanceTakesEveryServerOutAndReadyBringsAnUncheckedOneBackAtOnce() {
            ServerStatus unchecked = status(server("s2").build(), true);
            assertEquals(Routing.ROUTABLE, unchecked.routing());
            unchecked.setMode(AdminMode.MAINT, MAINT, now);
            assertEquals(Routing.OUT, unchecked.routing());
            unchecked.setMode(AdminMode.READY, READY, now);
            assertEquals(Routing.ROUTABLE, unchecked.routing());

            repeat(PASS, 3);
            state.setMode(AdminMode.MAINT, MAINT, now);
            assertEquals(Routing.OUT, state.routing());
            state.setMode(AdminMode.READY, READY, now);
            assertEquals(Routing.PENDING, state.routing(), "its next check decides; requests wait for it");
        }

        @Test
        void leavingMaintenanceWithChecksPausedServesAtOnceDespiteAFailedCheckBefore() {
            repeat(PASS, 3);
            record(FAIL);
            state.setChecksEnabled(false, new AdminCause("ops", "checks", "enabled", "disabled"), now);
            state.setMode(AdminMode.MAINT, MAINT, now);
            state.setMode(AdminMode.READY, READY, now);
            assertEquals(State.UP, state.state());
            assertEquals(Routing.ROUTABLE, state.routing(), "the failure before the maintenance is forgotten");
        }

        @Test
        void theBalancerIsToldEveryChangeOfAnswerOrWeightOnceInOrder() {
            record(PASS);
            record(PASS);
            state.setWeight(3, new AdminCause("ops", "weight", "1", "3"), now);
            state.setMode(AdminMode.DRAIN, drain, now);
            state.setMode(AdminMode.MAINT, new AdminCause("ops", "state", "DRAIN", "MAINT"), now);
            state.setMode(AdminMode.READY, READY, now);
            assertEquals(List.of("s1 PENDING 1", "s1 ROUTABLE 1", "s1 ROUTABLE 3", "s1 OUT 3", "s1 PENDING 3"), told);
            assertEquals(state.routing(), state.snapshot(now).routing(), "the dashboard shows what was told");
        }

        @Test
        void aCheckFlipsWhenItsVerdictDiffersFromThePreviousOne() {
            assertFalse(state.record(PASS, now).flipped(), "the first check flips nothing");
            assertFalse(state.record(PASS, now).flipped());
            assertTrue(state.record(FAIL, now).flipped());
            state.setMode(AdminMode.MAINT, MAINT, now);
            state.setMode(AdminMode.READY, READY, now);
            assertFalse(state.record(PASS, now).flipped(), "nor the first after a maintenance");
        }
    }
}
