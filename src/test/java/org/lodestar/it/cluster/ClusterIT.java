package org.lodestar.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lodestar.it.cluster.ThreeLodestars.await;
import static org.lodestar.it.cluster.ThreeLodestars.csv;
import static org.lodestar.it.cluster.ThreeLodestars.csvField;
import static org.lodestar.it.cluster.ThreeLodestars.csvStatus;
import static org.lodestar.it.cluster.ThreeLodestars.servedBy;

import java.io.IOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.lodestar.it.cluster.ThreeLodestars.AdminSession;

/**
 * Three Lodestars on three plain Payara Micro processes (loopback, ports of their own, 256 MB heaps) sharing their
 * admin state through a real ZooKeeper server, in front of three real backends ({@link ThreeLodestars}). One
 * cluster start for every scenario, in order: propagation of MAINT (measured), two admins at once, kill -9 and
 * restart, ZooKeeper down and back. Measurements go to the output and {@code target/cluster-it/measurements.txt}.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    /** The bound for an action to reach every instance. */
    private static final Duration PROPAGATION_BOUND = Duration.ofSeconds(1);

    private static ThreeLodestars cluster;

    @BeforeAll
    static void startCluster() throws Exception {
        cluster = new ThreeLodestars(Path.of("target", "cluster-it"));
    }

    @AfterAll
    static void stopCluster() throws IOException {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void maintOnInstanceOneStopsTwoAndThreeRoutingToItWithinASecond() throws Exception {
        await("the dashboard lists the three instances", () -> {
            String p = new AdminSession(cluster.get(0)).page();
            return p.contains("class=\"member-id\">one<") && p.contains("class=\"member-id\">two<")
                    && p.contains("class=\"member-id\">three<");
        });
        assertFalse(new AdminSession(cluster.get(0)).page().contains("differs from this instance"),
                "identical configurations");
        for (var lodestar : cluster.lodestars) {
            assertEquals(lodestar.id, csv(lodestar).get("spark1").get("lodestar_instance"), "the export names it");
        }
        HttpResponse<String> monitor = ThreeLodestars.HTTP.send(HttpRequest.newBuilder(
                cluster.get(0).url(ThreeLodestars.MONITOR)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, monitor.statusCode());
        assertEquals("OK\n", monitor.body());
        assertTrue(cluster.spark1.last() == null || !cluster.spark1.last().rawTarget().contains("lodestar-health"),
                "the monitor URI is answered by Lodestar, never forwarded");

        AdminSession admin = new AdminSession(cluster.get(0));
        admin.page();
        String[] outcome = new String[1];
        List<Long> millis = ThreeLodestars.propagation(cluster.lodestars.subList(1, 3), "spark1", "MAINT"::equals, () -> {
            outcome[0] = admin.act("maint", "SRV_SPARK/spark1");
            return true;
        });
        assertTrue(outcome[0].contains("SRV_SPARK/spark1: state READY → MAINT"), outcome[0]);
        report("MAINT on one shown by two and three after " + millis + " ms (from the POST, polling their CSV)");
        assertTrue(millis.stream().allMatch(ms -> ms <= PROPAGATION_BOUND.toMillis()), "propagation " + millis);
        for (var other : cluster.lodestars.subList(1, 3)) {
            List<String> served = servedBy(other, 12);
            assertFalse(served.contains("spark1"), other.id + " still routes to spark1: " + served);
        }
        String timeline = new AdminSession(cluster.get(2)).page();
        assertTrue(timeline.contains("admin boss on one set state to MAINT"), "the timeline names user and instance");
    }

    @Test
    @Order(2)
    void twoAdminsActingAtOnceOneWinsTheOtherIsTold() throws Exception {
        AdminSession first = new AdminSession(cluster.get(0));
        AdminSession second = new AdminSession(cluster.get(1));
        first.page();
        second.page();
        ExecutorService both = Executors.newFixedThreadPool(2);
        List<String> outcomes;
        try {
            CountDownLatch go = new CountDownLatch(1);
            Future<String> a = both.submit(() -> {
                go.await();
                return first.act("drain", "SRV_SPARK/spark2");
            });
            Future<String> b = both.submit(() -> {
                go.await();
                return second.act("weight", "SRV_SPARK/spark2", "weight", "3");
            });
            go.countDown();
            outcomes = List.of(a.get(), b.get());
        } finally {
            both.shutdownNow();
        }
        assertEquals(1, outcomes.stream().filter(o -> o.startsWith("banner applied")).count(), outcomes.toString());
        assertEquals(1, outcomes.stream().filter(o -> o.startsWith("banner refused")
                && o.contains("changed meanwhile by boss on ") && o.contains("reload the page")).count(),
                outcomes.toString());
        report("two admins at once on spark2: " + (outcomes.get(0).startsWith("banner applied") ? "one" : "two")
                + " won, the other was told: " + outcomes.stream().filter(o -> o.startsWith("banner refused"))
                .findFirst().orElseThrow());
        String status = csvStatus(cluster.get(0), "spark2");
        String weight = csvField(cluster.get(0), "spark2", "weight");
        for (var lodestar : cluster.lodestars) {
            await(lodestar.id + " agrees on spark2", () -> status.equals(csvStatus(lodestar, "spark2"))
                    && weight.equals(csvField(lodestar, "spark2", "weight")));
        }
        // Back to READY with weight 1 for the next scenarios.
        AdminSession admin = new AdminSession(cluster.get(0));
        admin.page();
        String undo = status.startsWith("DRAIN") ? admin.act("ready", "SRV_SPARK/spark2")
                : admin.act("weight", "SRV_SPARK/spark2", "weight", "1");
        assertTrue(undo.startsWith("banner applied"), undo);
    }

    @Test
    @Order(3)
    void killedInstanceComesBackWithTheWeightSetMeanwhileBeforeItRoutes() throws Exception {
        var two = cluster.get(1);
        two.kill();
        AdminSession admin = new AdminSession(cluster.get(0));
        admin.page();
        String outcome = admin.act("weight", "SRV_SPARK/spark3", "weight", "5");
        assertTrue(outcome.contains("SRV_SPARK/spark3: weight 1 → 5"), outcome);
        String cache = Files.readString(two.directory.resolve("lodestar.state"));
        assertTrue(cache.contains("SRV_SPARK spark1 MAINT 1") && !cache.contains("spark3"),
                "its own cache knows nothing of weight 5: " + cache);
        long started = System.nanoTime();
        two.start();
        // The first statistics it gives (as soon as it serves anything) already carry the cluster's weight.
        String firstWeight = null;
        long deadline = System.nanoTime() + Duration.ofSeconds(300).toNanos();
        while (firstWeight == null && System.nanoTime() < deadline) {
            try {
                firstWeight = csvField(two, "spark3", "weight");
            } catch (IOException | IllegalStateException notYet) {
                Thread.sleep(100);
            }
        }
        assertEquals("5", firstWeight);
        two.awaitMonitor(ThreeLodestars.HTTP, ThreeLodestars.MONITOR);
        report("instance two back after kill -9 in " + (System.nanoTime() - started) / 1_000_000_000
                + " s; its first statistics already showed weight 5");
        assertEquals("MAINT", csvStatus(two, "spark1"));
        List<String> served = servedBy(two, 12);
        assertFalse(served.contains("spark1"), served.toString());
    }

    @Test
    @Order(4)
    void withZooKeeperDownAllKeepServingActionsAreRefusedAndWorkOnceItIsBack() throws Exception {
        cluster.zookeeper.stop();
        try {
            for (var lodestar : cluster.lodestars) {
                await(lodestar.id + " shows the cluster down", () -> new AdminSession(lodestar).page()
                        .contains("DISCONNECTED: the cluster"));
                List<String> served = servedBy(lodestar, 6);
                assertTrue(served.containsAll(List.of("spark2", "spark3")) && !served.contains("spark1"),
                        lodestar.id + " on the last known state: " + served);
            }
            AdminSession admin = new AdminSession(cluster.get(2));
            admin.page();
            String refused = admin.act("ready", "SRV_SPARK/spark1");
            assertTrue(refused.startsWith("banner refused") && refused.contains("cannot be reached")
                    && refused.contains("admin actions are refused until it is back"), refused);
            assertEquals("MAINT", csvStatus(cluster.get(2), "spark1"), "nothing changed");
        } finally {
            cluster.zookeeper.restart();
        }
        for (var lodestar : cluster.lodestars) {
            await(lodestar.id + " reconnected", () -> !new AdminSession(lodestar).page().contains("DISCONNECTED"));
        }
        AdminSession admin = new AdminSession(cluster.get(2));
        admin.page();
        String applied = admin.act("ready", "SRV_SPARK/spark1");
        assertTrue(applied.contains("SRV_SPARK/spark1: state MAINT → READY"), applied);
        for (var lodestar : cluster.lodestars) {
            await(lodestar.id + " agrees spark1 is READY again", () -> !csvStatus(lodestar, "spark1").equals("MAINT")
                    && servedBy(lodestar, 6).contains("spark1"));
        }
    }

    private static void report(String line) throws IOException {
        System.out.println("[ClusterIT] " + line);
        Files.writeString(cluster.directory.resolve("measurements.txt"), line + "\n", StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }
}
