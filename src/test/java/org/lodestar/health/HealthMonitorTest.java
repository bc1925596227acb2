package org.lodestar.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import org.junit.jupiter.api.Test;
import org.lodestar.config.Config;
import org.lodestar.config.ConfigException;
import org.lodestar.config.ConfigParser;
import org.lodestar.server.CheckCode;
import org.lodestar.server.CheckResult;
import org.lodestar.server.Routing;
import org.lodestar.server.ServerStatuses;
import org.lodestar.server.State;

/** The monitor on a fake clock and a hand-driven scheduler: the reference timings, no sleeping. */
class HealthMonitorTest {
    private static final String REFERENCE = """
            defaults
              timeout connect 5s
              timeout client 50s
              timeout server 50s
            backend SRV_SPARK
              option httpchk GET /
              http-check expect rstring .+Status.+ALIVE.+
              %s
              server spark1 127.0.0.1:1 check inter 10s rise 2 fall 2
              server spark2 127.0.0.1:2 check inter 10s rise 2 fall 2
              server spark3 127.0.0.1:3 check inter 10s rise 2 fall 2
            """;
    private static final CheckResult ALIVE = CheckResult.httpPassed(200, 3, "200 OK");
    private static final CheckResult STANDBY = CheckResult.httpFailed(CheckCode.L7RSP, 200, 3,
            "200 OK, body did not match rstring '.+Status.+ALIVE.+'");
    private static final CheckResult REFUSED = CheckResult.failedWithoutResponse(CheckCode.L4CON, 0,
            "Connection refused");

    private final FakeTime time = new FakeTime();
    private final Map<String, CheckResult> answers = new HashMap<>();
    private final Map<String, Boolean> routable = new HashMap<>();
    private final Map<String, List<Routing>> routings = new HashMap<>();
    private final List<String> checked = new ArrayList<>();
    private ServerStatuses servers;
    private HealthMonitor monitor;

    /** The monitor and the real statuses, with a balancer that records what it is told. */
    private HealthMonitor monitor(String option) throws ConfigException {
        return monitorOf(REFERENCE.formatted(option));
    }

    /** The monitor of a whole configuration. */
    private HealthMonitor monitorOf(String text) throws ConfigException {
        Config config = ConfigParser.parse("t.cfg", text);
        servers = new ServerStatuses(config, time, backend -> (server, routing, weight) -> {
            routable.put(server, routing == Routing.ROUTABLE);
            routings.computeIfAbsent(server, k -> new ArrayList<>()).add(routing);
        });
        monitor = new HealthMonitor(config, time, servers);
        return monitor;
    }

    private CheckResult answer(org.lodestar.config.Server server, org.lodestar.config.HealthCheck check,
                               Duration timeout) {
        checked.add(server.name());
        return answers.get(server.name());
    }

    private void leaderIs(String leader) {
        for (String name : List.of("spark1", "spark2", "spark3")) {
            answers.put(name, name.equals(leader) ? ALIVE : STANDBY);
        }
    }

    private boolean routable(String server) {
        return routable.getOrDefault(server, false);
    }

    @Test
    void everyServerIsCheckedAtOnceAtStartAndOnlyTheLeaderRoutes() throws ConfigException {
        leaderIs("spark2");
        monitor("");
        assertEquals(Map.of("spark1", List.of(Routing.PENDING), "spark2", List.of(Routing.PENDING),
                "spark3", List.of(Routing.PENDING)), routings, "requests wait for the first checks");
        monitor.start(time, this::answer);
        time.runFor(Duration.ZERO);
        assertEquals(List.of("spark1", "spark2", "spark3"), checked);
        assertTrue(routable("spark2"));
        assertFalse(routable("spark1"));
        assertFalse(routable("spark3"));
    }

    @Test
    void newLeaderRoutesAndOldLeaderStopsWithinASecondWithInter10s() throws ConfigException {
        leaderIs("spark1");
        monitor("").start(time, this::answer);
        time.runFor(Duration.ofSeconds(30));
        assertTrue(routable("spark1"));

        Instant switched = time.instant();
        leaderIs("spark3");
        Instant newLeaderRoutable = time.runUntil(() -> routable("spark3"), Duration.ofSeconds(30));
        Instant oldLeaderStopped = time.runUntil(() -> !routable("spark1"), Duration.ofSeconds(30));
        assertTrue(Duration.between(switched, newLeaderRoutable).toMillis() <= 1000,
                "new leader after " + Duration.between(switched, newLeaderRoutable));
        assertTrue(Duration.between(switched, oldLeaderStopped).toMillis() <= 1000,
                "old leader until " + Duration.between(switched, oldLeaderStopped));
    }

    @Test
    void risingServerIsPendingSoRequestsWaitForItInsteadOfFailing() throws ConfigException {
        leaderIs("spark1");
        monitor("").start(time, this::answer);
        time.runFor(Duration.ofSeconds(30));
        leaderIs("spark3");
        time.runUntil(() -> routable("spark3"), Duration.ofSeconds(30));
        List<Routing> spark3 = routings.get("spark3");
        assertEquals(List.of(Routing.OUT, Routing.PENDING, Routing.ROUTABLE),
                spark3.subList(spark3.size() - 3, spark3.size()));
    }

    @Test
    void failedLastCheckStopsTrafficBeforeFallIsReached() throws ConfigException {
        leaderIs("spark1");
        monitor("").start(time, this::answer);
        time.runFor(Duration.ofSeconds(30));
        answers.put("spark1", REFUSED);
        monitor.observe("SRV_SPARK", "spark1", Observation.CONNECT_FAILURE);
        time.runFor(Duration.ZERO);
        assertFalse(routable("spark1"), "one failed check is enough with fast failover");
        assertEquals(State.UP, servers.get("SRV_SPARK", "spark1").state(),
                "HAProxy's state machine still says UP (fall 2)");
    }

    @Test
    void liveTrafficFailureChecksAtOnceButAtMostOncePerInterval() throws ConfigException {
        leaderIs("spark1");
        monitor("option lodestar-fast-failover 200ms").start(time, this::answer);
        time.runFor(Duration.ofSeconds(30));
        checked.clear();
        monitor.observe("SRV_SPARK", "spark1", Observation.SERVER_ERROR);
        monitor.observe("SRV_SPARK", "spark1", Observation.SERVER_ERROR);
        time.runFor(Duration.ZERO);
        assertEquals(List.of("spark1"), checked);
        monitor.observe("SRV_SPARK", "spark1", Observation.SERVER_ERROR);
        time.runFor(Duration.ofMillis(199));
        assertEquals(1, checked.stream().filter("spark1"::equals).count(), "no second check inside the interval");
        time.runFor(Duration.ofMillis(1));
        assertEquals(2, checked.stream().filter("spark1"::equals).count());
    }

    @Test
    void liveTrafficFailureOnATrackingServerChecksTheTrackedOne() throws ConfigException {
        leaderIs("spark1");
        monitorOf(REFERENCE.formatted("") + """
                backend SRV_SPARK_REST
                  server rest1 127.0.0.1:6066 track SRV_SPARK/spark1
                """).start(time, this::answer);
        time.runFor(Duration.ofSeconds(30));
        checked.clear();
        answers.put("spark1", REFUSED);
        monitor.observe("SRV_SPARK_REST", "rest1", Observation.CONNECT_FAILURE);
        time.runFor(Duration.ZERO);
        assertEquals("spark1", checked.get(0), "its master is checked at once (then, as it flipped, the others)");
        assertFalse(routable("rest1"), "the REST server follows its master out at once");
    }

    @Test
    void settledLeaderIsCheckedAtInterAndStandbysAtTheFastInterval() throws ConfigException {
        leaderIs("spark1");
        monitor("").start(time, this::answer);
        time.runFor(Duration.ofSeconds(30));
        checked.clear();
        time.runFor(Duration.ofSeconds(10));
        long leaderChecks = checked.stream().filter("spark1"::equals).count();
        long standbyChecks = checked.stream().filter("spark2"::equals).count();
        assertEquals(1, leaderChecks);
        assertEquals(40, standbyChecks, "every 250 ms");
    }

    @Test
    void checksOfOneServerNeverOverlap() throws ConfigException {
        leaderIs("spark1");
        Map<String, Integer> depth = new HashMap<>();
        List<Integer> depths = new ArrayList<>();
        monitor("").start(time, (server, check, timeout) -> {
            depths.add(depth.merge(server.name(), 1, Integer::sum));
            checked.add(server.name());
            // A live-traffic failure arrives while this check is running.
            monitor.observe("SRV_SPARK", server.name(), Observation.CONNECT_FAILURE);
            depth.merge(server.name(), -1, Integer::sum);
            return answers.get(server.name());
        });
        time.runFor(Duration.ofMillis(250));
        assertEquals(6, checked.size(), "failures seen during a check add no check: " + checked);
        assertTrue(depths.stream().allMatch(d -> d == 1), "never nested: " + depths);
    }

    @Test
    void haproxyModeRoutesUntilTheFirstCheckAndKeepsRoutingUntilFall() throws ConfigException {
        leaderIs("spark1");
        monitor("no option lodestar-fast-failover");
        assertTrue(routable("spark2") && routable("spark3"), "HAProxy counts servers UP until checked");
        monitor.start(time, this::answer);
        time.runFor(Duration.ZERO);
        assertEquals(List.of("spark1"), checked, "first checks spread over inter: 0s, 3.3s, 6.6s");
        time.runFor(Duration.ofSeconds(30));
        answers.put("spark1", STANDBY);
        checked.clear();
        time.runFor(Duration.ofSeconds(10));
        assertTrue(routable("spark1"), "one failure with fall 2 keeps it UP and routed");
        time.runFor(Duration.ofSeconds(10));
        assertFalse(routable("spark1"));
    }

    @Test
    void stopEndsScheduling() throws ConfigException {
        leaderIs("spark1");
        monitor("").start(time, this::answer);
        time.runFor(Duration.ofSeconds(1));
        monitor.stop();
        checked.clear();
        time.runFor(Duration.ofSeconds(60));
        assertTrue(checked.isEmpty(), checked.toString());
    }

    /** A clock that moves only when told, and a scheduler that runs what is due as it moves. */
    private static final class FakeTime extends Clock implements CheckScheduler {
        private record Task(Instant due, long order, Runnable task) {
        }

        private final PriorityQueue<Task> tasks = new PriorityQueue<>(
                (a, b) -> a.due.equals(b.due) ? Long.compare(a.order, b.order) : a.due.compareTo(b.due));
        private Instant now = Instant.parse("2026-11-27T00:00:00Z");
        private long order;

        @Override
        public void schedule(Duration delay, Runnable task) {
            tasks.add(new Task(now.plus(delay), order++, task));
        }

        void runFor(Duration duration) {
            Instant end = now.plus(duration);
            while (!tasks.isEmpty() && !tasks.peek().due.isAfter(end)) {
                Task next = tasks.poll();
                now = next.due;
                next.task.run();
            }
            now = end;
        }

        /** Runs tasks until the condition holds; returns when it first did. */
        Instant runUntil(java.util.function.BooleanSupplier condition, Duration limit) {
            Instant end = now.plus(limit);
            while (!condition.getAsBoolean()) {
                if (tasks.isEmpty() || tasks.peek().due.isAfter(end)) {
                    throw new AssertionError("condition not reached within " + limit);
                }
                Task next = tasks.poll();
                now = next.due;
                next.task.run();
            }
            return now;
        }

        @Override
        public Instant instant() {
            return now;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
