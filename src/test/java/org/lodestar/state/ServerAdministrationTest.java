package org.lodestar.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lodestar.balance.Acquisition;
import org.lodestar.balance.Lease;
import org.lodestar.balance.ServerPool;
import org.lodestar.config.Backend;
import org.lodestar.config.Config;
import org.lodestar.config.ConfigException;
import org.lodestar.config.ConfigParser;
import org.lodestar.health.CheckScheduler;
import org.lodestar.health.HealthMonitor;
import org.lodestar.server.AdminMode;
import org.lodestar.server.CheckResult;
import org.lodestar.server.ServerKey;
import org.lodestar.server.ServerStatuses;
import org.lodestar.server.State;
import org.lodestar.testing.Admissions;

/** Admin actions on the real pools and health monitor, with checks run by hand. */
class ServerAdministrationTest {
    private static final String CONFIG = """
            defaults
              timeout connect 5s
              timeout client 50s
              timeout server 50s
            backend B
              balance roundrobin
              option httpchk GET /
              server s1 127.0.0.1:1 check inter 10s rise 1 fall 1
              server s2 127.0.0.1:2 check inter 10s rise 1 fall 1
              server off 127.0.0.1:3 disabled
            """;
    private static final ServerKey S1 = new ServerKey("B", "s1");
    private static final ServerKey S2 = new ServerKey("B", "s2");
    private static final ServerKey OFF = new ServerKey("B", "off");

    @TempDir
    Path directory;

    /** The run-time objects of one start, as ProxyRuntime wires them. */
    private final class Running implements CheckScheduler {
        final Config config;
        final Map<String, ServerPool> pools = new LinkedHashMap<>();
        final ServerStatuses servers;
        final HealthMonitor health;
        final ServerAdministration admin;
        final List<Runnable> due = new ArrayList<>();
        final List<String> checked = new ArrayList<>();

        Running(String text, StateStore store) throws ConfigException {
            config = ConfigParser.parse("t.cfg", text);
            for (Backend backend : config.backends().values()) {
                pools.put(backend.name(), new ServerPool(backend, System::nanoTime));
            }
            Clock clock = Clock.fixed(Instant.parse("2026-01-15T12:00:00Z"), ZoneOffset.UTC);
            servers = new ServerStatuses(config, clock, pools::get);
            health = new HealthMonitor(config, clock, servers);
            admin = new ServerAdministration(servers, health, store, clock);
            admin.restore();
            health.start(this, (server, check, timeout) -> {
                checked.add(server.name());
                return CheckResult.httpPassed(200, 1, "200 OK");
            });
        }

        /** Only the checks due now run; later ones are left (no clock moves in these tests). */
        @Override
        public void schedule(Duration delay, Runnable task) {
            if (delay.isZero()) {
                due.add(task);
            }
        }

        void runDueChecks() {
            while (!due.isEmpty()) {
                due.remove(0).run();
            }
        }

        ServerPool pool() {
            return pools.get("B");
        }

        String serverFor(String client) {
            Acquisition acquisition = Admissions.acquireNow(pool(), client, Set.of());
            if (acquisition instanceof Acquisition.Granted granted) {
                granted.lease().release();
                return granted.lease().server().name();
            }
            return "refused";
        }

        ActionResult act(AdminCommand command, ServerKey... servers) {
            return admin.apply(List.of(servers), command, "ops").get(0);
        }
    }

    private Running start(StateStore store) throws ConfigException {
        Running running = new Running(CONFIG, store);
        running.runDueChecks();
        return running;
    }

    private FileStateStore file() {
        return new FileStateStore(directory.resolve("lodestar.state"));
    }

    @Test
    void drainedServerGetsNoNewRequestsWhileItsRequestInFlightFinishes() throws Exception {
        Running running = start(StateStore.NONE);
        Lease inFlight = ((Acquisition.Granted) Admissions.acquireNow(running.pool(), "c", Set.of())).lease();
        ServerKey busy = new ServerKey("B", inFlight.server().name());
        assertInstanceOf(ActionResult.Applied.class, running.act(new AdminCommand.SetMode(AdminMode.DRAIN), busy));
        String other = busy.equals(S1) ? "s2" : "s1";
        for (int i = 0; i < 4; i++) {
            assertEquals(other, running.serverFor("c" + i));
        }
        assertEquals(1, running.pool().inflight(busy.server()));
        inFlight.release();
        assertEquals(0, running.pool().inflight(busy.server()));
        assertEquals(AdminMode.DRAIN, running.servers.get("B", busy.server()).mode());
        running.act(new AdminCommand.SetMode(AdminMode.READY), busy);
        assertTrue(List.of(running.serverFor("x"), running.serverFor("y")).contains(busy.server()));
    }

    @Test
    void drainingEveryServerRefusesNewRequests() throws Exception {
        Running running = start(StateStore.NONE);
        running.admin.apply(List.of(S1, S2), new AdminCommand.SetMode(AdminMode.DRAIN), "ops");
        assertEquals("refused", running.serverFor("c"));
    }

    @Test
    void maintenanceTakesTrafficAwayAndPausesChecksUntilReady() throws Exception {
        Running running = start(StateStore.NONE);
        running.act(new AdminCommand.SetMode(AdminMode.MAINT), S1);
        assertEquals(State.MAINT, running.servers.get("B", "s1").state());
        for (int i = 0; i < 4; i++) {
            assertEquals("s2", running.serverFor("c" + i));
        }
        running.checked.clear();
        assertInstanceOf(ActionResult.Refused.class, running.act(new AdminCommand.CheckNow(), S1));
        running.act(new AdminCommand.CheckNow(), S2);
        running.runDueChecks();
        assertEquals(List.of("s2"), running.checked, "a server in MAINT is not checked");

        running.act(new AdminCommand.SetMode(AdminMode.READY), S1);
        assertEquals(State.INIT, running.servers.get("B", "s1").state(), "its next check decides");
        running.runDueChecks();
        assertEquals(List.of("s2", "s1"), running.checked);
        assertEquals(State.UP, running.servers.get("B", "s1").state());
        assertTrue(List.of(running.serverFor("x"), running.serverFor("y")).contains("s1"));
    }

    @Test
    void disabledChecksAreNotRunAndResumeAtOnce() throws Exception {
        Running running = start(StateStore.NONE);
        running.act(new AdminCommand.SetChecks(false), S1);
        running.checked.clear();
        assertInstanceOf(ActionResult.Refused.class, running.act(new AdminCommand.CheckNow(), S1));
        assertEquals(State.UP, running.servers.get("B", "s1").state(), "the state stays");
        running.act(new AdminCommand.SetChecks(true), S1);
        running.runDueChecks();
        assertEquals(List.of("s1"), running.checked);
    }

    @Test
    void refusalsSayWhyAndChangeNothing() throws Exception {
        Running running = start(StateStore.NONE);
        List<ActionResult> results = running.admin.apply(List.of(S1, OFF, new ServerKey("B", "ghost")),
                new AdminCommand.SetMode(AdminMode.MAINT), "ops");
        assertInstanceOf(ActionResult.Applied.class, results.get(0));
        assertEquals(new ActionResult.Refused(OFF, "disabled in the configuration, it stays in MAINT"), results.get(1));
        assertEquals(new ActionResult.Refused(new ServerKey("B", "ghost"), "no such server"), results.get(2));
        assertEquals(new ActionResult.Refused(S1, "already MAINT"),
                running.act(new AdminCommand.SetMode(AdminMode.MAINT), S1));
        assertEquals(new ActionResult.Refused(S2, "weight 257 is not 0..256"),
                running.act(new AdminCommand.SetWeight(257), S2));
        assertEquals(1, running.servers.get("B", "s2").weight());
    }

    @Test
    void settingsSurviveARestartThroughTheStateFile() throws Exception {
        Running first = start(file());
        first.act(new AdminCommand.SetMode(AdminMode.MAINT), S1);
        first.act(new AdminCommand.SetWeight(5), S2);
        first.act(new AdminCommand.SetMode(AdminMode.DRAIN), S2);

        Running second = start(file());
        assertEquals(List.of(), second.admin.warnings());
        assertEquals(State.MAINT, second.servers.get("B", "s1").state());
        assertEquals(new ServerSettings(S2, AdminMode.DRAIN, 5, true), second.admin.settings(S2).orElseThrow());
        assertEquals(5, second.servers.get("B", "s2").weight());
        assertEquals("refused", second.serverFor("c"), "s1 in MAINT, s2 draining");
        assertTrue(Timeline.of(second.config, (b, s) -> second.servers.get(b, s).history(), 10)
                .stream().anyMatch(e -> e.why().equals("restored from the state file set state to MAINT")));
    }

    @Test
    void backToTheConfigurationLeavesNothingInTheStateFile() throws Exception {
        Running running = start(file());
        running.act(new AdminCommand.SetMode(AdminMode.MAINT), S1);
        running.act(new AdminCommand.SetMode(AdminMode.READY), S1);
        assertEquals(List.of(), file().load().settings());
    }

    @Test
    void staleAndCorruptStateFilesWarnButNeverStopTheStart() throws Exception {
        Files.writeString(directory.resolve("lodestar.state"), """
                1
                B gone MAINT 1 enabled
                OLD s1 MAINT 1 enabled
                B s2 MAINT
                B off READY 1 enabled
                B s1 DRAIN 1 enabled
                """);
        Running running = start(file());
        List<String> warnings = running.admin.warnings();
        assertEquals(4, warnings.size(), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("B/gone is no longer in the configuration")), warnings.toString());
        assertTrue(warnings.stream().anyMatch(w -> w.contains("OLD/s1 is no longer in the configuration")));
        assertTrue(warnings.stream().anyMatch(w -> w.contains("B/off") && w.contains("disabled in the configuration")));
        assertEquals(AdminMode.DRAIN, running.admin.settings(S1).orElseThrow().mode(), "the good line is used");
        assertEquals(AdminMode.READY, running.admin.settings(S2).orElseThrow().mode());
    }

    @Test
    void unwritableStateFileKeepsTheChangeInEffect() throws Exception {
        Path blocker = directory.resolve("file-not-directory");
        Files.writeString(blocker, "x");
        Running running = start(new FileStateStore(blocker.resolve("lodestar.state")));
        assertInstanceOf(ActionResult.Applied.class, running.act(new AdminCommand.SetMode(AdminMode.MAINT), S1));
        assertEquals(State.MAINT, running.servers.get("B", "s1").state());
    }

    @Test
    void timelineTellsCheckResultsAndWhichAdminDidWhat() throws Exception {
        Running running = start(StateStore.NONE);
        running.act(new AdminCommand.SetMode(AdminMode.MAINT), S1);
        running.act(new AdminCommand.SetWeight(3), S2);
        List<Timeline.Entry> timeline = Timeline.of(running.config,
                (b, s) -> running.servers.get(b, s).history(), 10);
        assertEquals(4, timeline.size(), timeline.toString());
        Timeline.Entry check = timeline.stream().filter(e -> !e.admin()).findFirst().orElseThrow();
        assertEquals("INIT", check.from());
        assertEquals("UP", check.to());
        assertEquals("check L7OK/200 in 1ms: 200 OK", check.why());
        assertTrue(timeline.stream().anyMatch(e -> e.server().equals("s1") && e.from().equals("READY")
                && e.to().equals("MAINT") && e.why().equals("admin ops set state to MAINT")));
        assertTrue(timeline.stream().anyMatch(e -> e.server().equals("s2") && e.from().equals("weight 1")
                && e.to().equals("weight 3") && e.why().equals("admin ops set weight to 3")));
    }

    @Test
    void dashboardFormActionsBecomeCommands() {
        assertEquals(new AdminCommand.SetMode(AdminMode.MAINT), AdminCommand.parse("maint", null));
        assertEquals(new AdminCommand.SetWeight(12), AdminCommand.parse("weight", " 12 "));
        assertEquals(new AdminCommand.CheckNow(), AdminCommand.parse("check-now", ""));
        assertEquals("the weight must be a number from 0 to 256",
                org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                        () -> AdminCommand.parse("weight", "x")).getMessage());
        org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                () -> AdminCommand.parse("<script>", null));
    }

    @Test
    void stateFileDefaultsBesideTheConfigurationFile() throws IOException, ConfigException {
        Path cfg = directory.resolve("etc/lodestar.cfg");
        Files.createDirectories(cfg.getParent());
        Files.writeString(cfg, "");
        Config beside = new Config(cfg.toString(), List.of(), Map.of(), List.of());
        assertEquals(directory.resolve("etc/lodestar.state"), StateFileLocation.of(beside).orElseThrow());
        Config relative = ConfigParser.parse(cfg.toString(), "global\n  server-state-file state/servers\n");
        assertEquals(directory.resolve("etc/state/servers"), StateFileLocation.of(relative).orElseThrow());
        Config bundled = new Config(org.lodestar.config.ConfigLocation.BUNDLED_NAME, List.of(), Map.of(), List.of());
        assertEquals(StateStore.NONE, StateFileLocation.storeFor(bundled));
        Config posted = new Config("posted.cfg", List.of(), Map.of(), List.of());
        assertEquals(StateStore.NONE, StateFileLocation.storeFor(posted), "a posted configuration has no directory");
    }
}
