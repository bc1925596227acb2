package org.lodestar.it.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The test cluster launcher against real Spark: one leader among three masters, the status line the
 * proxy's health check looks for, fail-over after a SIGKILL of the leader, and a clean stop.
 */
class SparkClusterIT {
    private static final String ALIVE_LINE = "<li><strong>Status:</strong> ALIVE</li>";
    private static final String STANDBY_LINE = "<li><strong>Status:</strong> STANDBY</li>";

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    @Test
    @Timeout(300)
    void electsOneLeaderFailsOverAndStopsEverything() throws Exception {
        SparkCluster cluster;
        try (SparkCluster c = SparkCluster.start(Path.of("target", "spark-cluster"))) {
            cluster = c;
            List<SparkCluster.Master> masters = cluster.masters();
            assertEquals(3, masters.size());
            List<SparkCluster.Status> statuses = masters.stream().map(SparkCluster.Master::status).toList();
            assertEquals(1, statuses.stream().filter(s -> s == SparkCluster.Status.ALIVE).count(), statuses::toString);

            SparkCluster.Master leader = cluster.awaitLeader(Duration.ofSeconds(5));
            HttpResponse<String> leaderPage = get(leader);
            assertEquals(200, leaderPage.statusCode());
            assertTrue(leaderPage.body().contains(ALIVE_LINE), "leader page shows ALIVE");
            for (SparkCluster.Master standby : masters) {
                if (standby != leader) {
                    assertEquals(SparkCluster.Status.STANDBY, standby.status());
                    HttpResponse<String> page = get(standby);
                    assertEquals(200, page.statusCode(), "a standby still answers 200");
                    assertTrue(page.body().contains(STANDBY_LINE), standby + " page shows STANDBY");
                    assertFalse(page.body().contains(ALIVE_LINE));
                }
            }

            long t0 = System.nanoTime();
            leader.kill();
            assertFalse(leader.isRunning());
            assertEquals(SparkCluster.Status.DOWN, leader.status());
            SparkCluster.Master next = cluster.awaitLeader(Duration.ofSeconds(30));
            long failoverMillis = (System.nanoTime() - t0) / 1_000_000;
            System.out.printf("Fail-over: %s killed, %s ALIVE after %d ms%n", leader.name(), next.name(), failoverMillis);
            assertNotEquals(leader, next);
            assertTrue(get(next).body().contains(ALIVE_LINE));

            long t1 = System.nanoTime();
            leader.restart();
            System.out.printf("Restart: %s STANDBY after %d ms%n", leader.name(), (System.nanoTime() - t1) / 1_000_000);
            assertTrue(leader.isRunning());
            assertEquals(SparkCluster.Status.STANDBY, leader.status());
            assertEquals(next, cluster.leader().orElseThrow(), "the restarted master does not take over");
            assertTrue(cluster.anyRunning());
        }
        assertFalse(cluster.anyRunning(), "no Spark or ZooKeeper process left after close()");
    }

    private HttpResponse<String> get(SparkCluster.Master master) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(master.uiUri()).timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
