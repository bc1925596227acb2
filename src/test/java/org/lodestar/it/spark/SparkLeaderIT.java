package org.lodestar.it.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lodestar.it.Deployments;
import org.lodestar.it.ProxyClient;

/**
 * Lodestar in front of a real Spark standalone HA cluster (ZooKeeper, three masters, a worker, each its
 * own JVM) with the reference configuration, unchanged but for the masters' addresses.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkLeaderIT {
    private static final Pattern MASTER_URL = Pattern.compile("spark://127\\.0\\.0\\.1:(\\d+)");
    private static final String ALIVE = "<strong>Status:</strong> ALIVE";
    /** One second is the goal; the margin absorbs polling and a loaded machine. */
    private static final Duration FOLLOW_GOAL = Duration.ofMillis(1500);

    private static SparkCluster cluster;

    @ArquillianResource
    private URL base;


    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        cluster = SparkCluster.start(Path.of("target", "spark-cluster"));
        return Deployments.lodestarWith("mgmt.war", Deployments.referenceConfig(cluster.uiAddresses()));
    }

    @AfterAll
    static void stopCluster() {
        if (cluster != null) {
            cluster.close();
        }
    }

    @Test
    @Order(1)
    void sparkShowsTheAliveMastersPage() throws Exception {
        SparkCluster.Master leader = cluster.awaitLeader(Duration.ofSeconds(60));
        HttpResponse<String> page = get("/spark/");
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains(ALIVE), "the leader's page");
        assertEquals(leader.rpcPort(), servedBy(page));
    }

    @Test
    @Order(2)
    void stylesheetsAndLinksResolveThroughLodestar() throws Exception {
        String page = get("/spark/").body();
        String prefix = contextPath() + "/spark/";
        Matcher css = Pattern.compile("href=\"(" + Pattern.quote(prefix) + "static/[^\"]+\\.css)\"").matcher(page);
        assertTrue(css.find(), "stylesheets are linked under " + prefix + " (X-Forwarded-Context)");
        HttpResponse<String> stylesheet = proxy().http().send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + base.getPort() + css.group(1))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, stylesheet.statusCode(), css.group(1));
        assertTrue(stylesheet.headers().firstValue("Content-Type").orElse("").contains("css"));
        assertTrue(page.contains("href=\"" + prefix + "\""), "the home link stays under the prefix");
    }

    @Test
    @Order(3)
    void appRedirectsUnderTheSparkPrefix() throws Exception {
        HttpResponse<String> redirect = get("/spark/app");
        assertEquals(302, redirect.statusCode());
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertTrue(location.endsWith(contextPath() + "/spark/app/"), location);
        assertTrue(location.startsWith("http://127.0.0.1:" + base.getPort() + "/")
                || location.startsWith(contextPath() + "/"), "points back at Lodestar: " + location);
    }

    @Test
    @Order(4)
    void killedLeaderIsFollowedWithoutEverServingAStandby() throws Exception {
        SparkCluster.Master old = cluster.awaitLeader(Duration.ofSeconds(60));
        AtomicLong electedAt = new AtomicLong();
        Thread watcher = watchElection(old, electedAt);
        old.kill();
        long killedAt = System.nanoTime();
        List<Integer> statuses = new ArrayList<>();
        long newLeaderServedAt = 0;
        int newLeaderPort = 0;
        while (System.nanoTime() - killedAt < Duration.ofSeconds(60).toNanos()) {
            HttpResponse<String> response = get("/spark/");
            statuses.add(response.statusCode());
            if (response.statusCode() == 200) {
                assertTrue(response.body().contains(ALIVE), "a STANDBY page was served");
                newLeaderPort = servedBy(response);
                newLeaderServedAt = System.nanoTime();
                break;
            }
            assertEquals(503, response.statusCode(), response.body());
            Thread.sleep(20);
        }
        watcher.join(Duration.ofSeconds(60).toMillis());
        assertTrue(newLeaderServedAt > 0, "a new leader was served; statuses " + statuses);
        assertNotEquals(old.rpcPort(), newLeaderPort);
        assertTrue(electedAt.get() > 0, "the watcher saw the election");
        Duration lag = Duration.ofNanos(newLeaderServedAt - electedAt.get());
        System.out.println("SparkLeaderIT: new leader served " + lag.toMillis() + " ms after it was seen ALIVE, "
                + Duration.ofNanos(newLeaderServedAt - killedAt).toMillis() + " ms after the kill; "
                + statuses.size() + " requests");
        assertTrue(lag.compareTo(FOLLOW_GOAL) <= 0, "new leader served " + lag.toMillis() + " ms after election");
    }

    @Test
    @Order(5)
    void restartedMasterRejoinsAsStandbyAndIsNeverServed() throws Exception {
        SparkCluster.Master leader = cluster.awaitLeader(Duration.ofSeconds(60));
        SparkCluster.Master killed = cluster.masters().stream().filter(m -> !m.isRunning()).findFirst().orElseThrow();
        killed.restart();
        assertEquals(SparkCluster.Status.STANDBY, killed.status());
        for (int i = 0; i < 40; i++) {
            HttpResponse<String> response = get("/spark/");
            assertEquals(200, response.statusCode());
            assertEquals(leader.rpcPort(), servedBy(response), "only the leader is served");
            Thread.sleep(25);
        }
    }

    /** Polls the masters directly and records when one of them, not {@code old}, first says ALIVE. */
    private static Thread watchElection(SparkCluster.Master old, AtomicLong electedAt) {
        Thread watcher = new Thread(() -> {
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (System.nanoTime() < deadline) {
                for (SparkCluster.Master m : cluster.masters()) {
                    if (m != old && m.status() == SparkCluster.Status.ALIVE) {
                        electedAt.set(System.nanoTime());
                        return;
                    }
                }
            }
        }, "election-watcher");
        watcher.setDaemon(true);
        watcher.start();
        return watcher;
    }

    private int servedBy(HttpResponse<String> page) {
        Matcher m = MASTER_URL.matcher(page.body());
        assertTrue(m.find(), "the page names its master");
        return Integer.parseInt(m.group(1));
    }

    private ProxyClient proxy() {
        return new ProxyClient(base, Duration.ofSeconds(20));
    }

    private String contextPath() {
        return proxy().contextPath();
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return proxy().get(path);
    }
}
