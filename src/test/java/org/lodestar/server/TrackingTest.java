package org.lodestar.server;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.lodestar.testing.Fixtures.backend;
import static org.lodestar.testing.Fixtures.config;
import static org.lodestar.testing.Fixtures.server;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.lodestar.state.Timeline;

/**
 * HAProxy's {@code track}: a REST port that follows the health of the UI port checked on the same master. The
 * tracking server runs no check; its state and answer are the tracked server's, told to its own balancer.
 */
class TrackingTest {
    private static final CheckResult PASS = CheckResult.httpPassed(200, 3, "200 OK");
    private static final CheckResult FAIL = CheckResult.httpFailed(CheckCode.L7RSP, 200, 4, "200 OK, body did not match");

    private final Instant now = Instant.parse("2026-01-01T00:00:00Z");
    private final List<String> told = new ArrayList<>();

    private final ServerStatuses statuses = new ServerStatuses(config(List.of(),
            backend("UI").servers(server("spark1").port(8080).check().rise(1).fall(1)).build(),
            backend("REST").servers(server("rest1").port(6066).track("UI", "spark1"),
                    server("chained").port(6067).track("REST", "rest1")).build()),
            Clock.fixed(now, ZoneOffset.UTC),
            backend -> (name, routing, weight) -> told.add(backend + "/" + name + " " + routing));

    private final ServerStatus ui = statuses.get("UI", "spark1");
    private final ServerStatus rest = statuses.get("REST", "rest1");
    private final ServerStatus chained = statuses.get("REST", "chained");

    @Test
    void trackingServerWaitsForTheTrackedServersFirstCheckAndRunsNoCheckOfItsOwn() {
        assertEquals(State.INIT, rest.state());
        assertEquals(Routing.PENDING, rest.routing(), "as its tracked server: requests wait for the first check");
        assertFalse(rest.checked());
        assertThrows(IllegalStateException.class, () -> rest.record(PASS, now));
    }

    @Test
    void trackingServersTakeTheTrackedServersStateAndAnswerAlongTheChain() {
        ui.record(PASS, now.plusSeconds(1));
        assertEquals(List.of(State.UP, State.UP), List.of(rest.state(), chained.state()));
        assertEquals(Routing.ROUTABLE, rest.routing());
        assertEquals(Routing.ROUTABLE, chained.routing());

        ui.record(FAIL, now.plusSeconds(2));
        assertEquals(State.DOWN, rest.state());
        assertEquals(Routing.OUT, chained.routing());
        assertEquals("REST/rest1 OUT", told.get(told.size() - 2), "the REST backend's balancer was told");
        assertEquals(State.DOWN, rest.snapshot(now).state());
    }

    @Test
    void maintenanceAndDrainOfTheTrackedServerAreHandedDownButNotItsWeight() {
        ui.record(PASS, now.plusSeconds(1));
        ui.setWeight(0, new AdminCause("ops", "weight", "1", "0"), now.plusSeconds(2));
        assertEquals(Routing.OUT, ui.routing());
        assertEquals(Routing.ROUTABLE, rest.routing(), "weight is the server's own, as in HAProxy");

        ui.setMode(AdminMode.DRAIN, new AdminCause("ops", "state", "READY", "DRAIN"), now.plusSeconds(3));
        assertEquals(Routing.OUT, rest.routing());
        ui.setMode(AdminMode.MAINT, new AdminCause("ops", "state", "DRAIN", "MAINT"), now.plusSeconds(4));
        assertEquals(State.MAINT, rest.state());
        assertEquals(State.MAINT, chained.state());
        ui.setMode(AdminMode.READY, new AdminCause("ops", "state", "MAINT", "READY"), now.plusSeconds(5));
        assertEquals(State.INIT, rest.state(), "the tracked server starts over, and so do its trackers");
    }

    @Test
    void ownMaintenanceOfATrackingServerStaysUntilLiftedThenItTakesTheTrackedState() {
        ui.record(PASS, now.plusSeconds(1));
        rest.setMode(AdminMode.MAINT, new AdminCause("ops", "state", "READY", "MAINT"), now.plusSeconds(2));
        ui.record(FAIL, now.plusSeconds(3));
        assertEquals(State.MAINT, rest.state());
        assertEquals(State.MAINT, chained.state(), "rest1's maintenance is handed down the chain, as in HAProxy");
        rest.setMode(AdminMode.READY, new AdminCause("ops", "state", "MAINT", "READY"), now.plusSeconds(4));
        assertEquals(State.DOWN, rest.state());
        assertEquals(Routing.OUT, rest.routing());
        assertEquals(State.DOWN, chained.state());
    }

    @Test
    void timelineSaysWhichServerATrackingServerFollowed() {
        ui.record(PASS, now.plusSeconds(1));
        List<Transition> history = rest.history();
        Timeline.Entry up = Timeline.of(config(List.of(), backend("REST").servers(server("rest1")).build()),
                (b, s) -> history, 1).get(0);
        assertEquals("INIT", up.from());
        assertEquals("UP", up.to());
        assertEquals("tracks UI/spark1: check L7OK/200 in 3ms: 200 OK", up.why());
    }
}
