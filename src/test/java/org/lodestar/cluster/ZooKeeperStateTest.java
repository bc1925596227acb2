package org.lodestar.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lodestar.config.ClusterSettings;
import org.lodestar.config.Config;
import org.lodestar.config.ConfigParser;
import org.lodestar.container.ProxyRuntime;
import org.lodestar.server.AdminMode;
import org.lodestar.server.ServerKey;
import org.lodestar.state.ActionResult;
import org.lodestar.state.AdminCommand;
import org.lodestar.state.SharedRecord;

/**
 * The Curator implementation of the shared state against a real ZooKeeper server ({@link TestingServer}, in this
 * JVM), with the real administration of several runtimes, one per instance, as each Lodestar wires it. Checks do not
 * run: only the administrators' settings are shared.
 */
class ZooKeeperStateTest {
    private static final ServerKey S1 = new ServerKey("B", "s1");
    private static final Duration WAIT = Duration.ofSeconds(10);

    @TempDir
    Path directory;
    private TestingServer zookeeper;
    private final List<AutoCloseable> opened = new ArrayList<>();

    @BeforeEach
    void startZooKeeper() throws Exception {
        zookeeper = new TestingServer(true);
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable c : opened) {
            c.close();
        }
        zookeeper.close();
    }

    /** One Lodestar: its configuration file (with its state file beside it), its cluster state and runtime. */
    private record Instance(ZooKeeperState state, ProxyRuntime runtime) {
        AdminMode mode() {
            return runtime.servers().get("B", "s1").mode();
        }

        int weight() {
            return runtime.servers().get("B", "s1").weight();
        }

        List<ActionResult> act(AdminCommand command, Map<ServerKey, Integer> seen) {
            return runtime.administration().apply(List.of(S1), command, "boss", seen);
        }

        List<ActionResult> act(AdminCommand command) {
            return runtime.administration().apply(List.of(S1), command, "boss");
        }
    }

    private Instance start(String id, Duration joinWait) throws Exception {
        Path dir = Files.createDirectories(directory.resolve(id));
        Path file = dir.resolve("lodestar.cfg");
        String text = """
                global
                  lodestar-cluster zookeeper %s path /lodestar/test
                defaults
                  timeout connect 5s
                  timeout client 50s
                  timeout server 50s
                backend B
                  option httpchk GET /
                  server s1 127.0.0.1:1 check weight 1
                  server s2 127.0.0.1:2 check
                """.formatted(zookeeper.getConnectString());
        Files.writeString(file, text);
        Config config = ConfigParser.parse(file.toString(), text);
        ClusterSettings settings = config.cluster().orElseThrow();
        ProxyRuntime[] runtime = new ProxyRuntime[1];
        ZooKeeperState state = ZooKeeperState.start(settings, id, () -> new Member(id, "127.0.0.1:1", "test",
                java.time.Instant.EPOCH, file.toString(), "hash-" + text.length(), 0,
                runtime[0] == null ? Map.of() : Map.of("B/s1", runtime[0].servers().get("B", "s1").state().name())),
                joinWait);
        opened.add(state);
        runtime[0] = new ProxyRuntime(config, Clock.systemUTC(), state);
        return new Instance(state, runtime[0]);
    }

    private static void await(String what, BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("not within " + WAIT + ": " + what);
            }
            Thread.sleep(10);
        }
    }

    @Test
    void maintOnOneInstanceReachesTheOtherWithinASecond() throws Exception {
        Instance a = start("a", WAIT);
        Instance b = start("b", WAIT);
        long started = System.nanoTime();
        assertInstanceOf(ActionResult.Applied.class, a.act(new AdminCommand.SetMode(AdminMode.MAINT)).get(0));
        await("b sees MAINT", () -> b.mode() == AdminMode.MAINT);
        long millis = (System.nanoTime() - started) / 1_000_000;
        assertTrue(millis < 1000, "took " + millis + " ms");
        String why = b.runtime().servers().get("B", "s1").history().get(b.runtime().servers().get("B", "s1")
                .history().size() - 1).cause().toString();
        assertTrue(why.contains("boss on a"), why);
    }

    @Test
    void twoActionsFromTheSameVersionOneWinsTheOtherIsTold() throws Exception {
        Instance a = start("a", WAIT);
        Instance b = start("b", WAIT);
        Map<ServerKey, Integer> seen = Map.of(S1, SharedRecord.ABSENT);
        ActionResult first = a.act(new AdminCommand.SetMode(AdminMode.DRAIN), seen).get(0);
        ActionResult second = b.act(new AdminCommand.SetWeight(5), seen).get(0);
        assertInstanceOf(ActionResult.Applied.class, first);
        ActionResult.Refused refused = assertInstanceOf(ActionResult.Refused.class, second);
        assertTrue(refused.reason().startsWith("changed meanwhile by boss on a at "), refused.reason());
        assertTrue(refused.reason().endsWith("(state READY → DRAIN): reload the page to see the current settings,"
                + " then act again"), refused.reason());
        await("both DRAIN, weight 1", () -> b.mode() == AdminMode.DRAIN && a.weight() == 1 && b.weight() == 1);
        // From the version b knows now, its action goes through.
        assertInstanceOf(ActionResult.Applied.class, b.act(new AdminCommand.SetWeight(5)).get(0));
        await("a takes weight 5", () -> a.weight() == 5);
    }

    @Test
    void joiningInstanceTakesTheClusterSettingsBeforeItRoutes() throws Exception {
        Instance a = start("a", WAIT);
        assertInstanceOf(ActionResult.Applied.class, a.act(new AdminCommand.SetWeight(7)).get(0));
        Instance c = start("c", WAIT);
        assertEquals(7, c.weight(), "at once, before any request");
        assertTrue(Files.readString(directory.resolve("c/lodestar.state")).contains("B s1 READY 7 enabled"),
                "the local cache follows");
    }

    @Test
    void withZooKeeperDownActionsAreRefusedRoutingStaysAndTheyWorkOnceItIsBack() throws Exception {
        Instance a = start("a", WAIT);
        Instance b = start("b", WAIT);
        assertInstanceOf(ActionResult.Applied.class, a.act(new AdminCommand.SetWeight(3)).get(0));
        await("b weight 3", () -> b.weight() == 3);
        zookeeper.stop();
        await("a disconnected", () -> a.state().refusal().isPresent());
        ActionResult.Refused refused = assertInstanceOf(ActionResult.Refused.class,
                a.act(new AdminCommand.SetMode(AdminMode.MAINT)).get(0));
        assertTrue(refused.reason().startsWith("the cluster's ZooKeeper (" + zookeeper.getConnectString()
                + ") cannot be reached"), refused.reason());
        assertEquals(AdminMode.READY, a.mode());
        assertEquals(3, a.weight(), "the last known settings stay");
        zookeeper.restart();
        await("a connected", () -> a.state().refusal().isEmpty());
        assertInstanceOf(ActionResult.Applied.class, a.act(new AdminCommand.SetMode(AdminMode.MAINT)).get(0));
        await("b MAINT", () -> b.mode() == AdminMode.MAINT);
    }

    @Test
    void instanceStartedWithoutZooKeeperUsesItsCacheThenTakesTheClusterSettings() throws Exception {
        Instance a = start("a", WAIT);
        assertInstanceOf(ActionResult.Applied.class, a.act(new AdminCommand.SetWeight(9)).get(0));
        a.state().close();
        opened.remove(a.state());
        zookeeper.stop();
        Files.createDirectories(directory.resolve("d"));
        Files.writeString(directory.resolve("d/lodestar.state"), "1\nB s1 MAINT 1 enabled\n");
        Instance d = start("d", Duration.ofSeconds(1));
        assertEquals(AdminMode.MAINT, d.mode(), "the local cache");
        assertEquals(Optional.empty(), d.state().records());
        assertTrue(d.state().refusal().isPresent());
        zookeeper.restart();
        await("d takes the cluster's settings", () -> d.weight() == 9 && d.mode() == AdminMode.READY);
    }

    @Test
    void firstInstanceOfANewClusterSeedsItWithItsStateFile() throws Exception {
        Files.createDirectories(directory.resolve("a"));
        Files.writeString(directory.resolve("a/lodestar.state"), "1\nB s1 MAINT 4 enabled\n");
        Instance a = start("a", WAIT);
        assertEquals(AdminMode.MAINT, a.mode());
        Instance b = start("b", WAIT);
        assertEquals(AdminMode.MAINT, b.mode(), "the second instance takes it from the cluster");
        assertEquals(4, b.weight());
    }

    @Test
    void membersListEveryLiveInstanceAndLoseOneThatLeaves() throws Exception {
        Instance a = start("a", WAIT);
        Instance b = start("b", WAIT);
        await("two members", () -> a.state().members().size() == 2);
        assertEquals(List.of("a", "b"), a.state().members().stream().map(Member::id).toList());
        b.state().close();
        opened.remove(b.state());
        await("one member", () -> a.state().members().size() == 1);
    }
}
