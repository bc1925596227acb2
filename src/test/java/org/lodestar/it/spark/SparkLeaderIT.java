package org.lodestar.it.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
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
 * own JVM) with the reference configuration, unchanged but for the masters' addresses, plus what
 * {@code server-config/spark-cluster.cfg} adds: the REST submission backend tracking the UI servers, the
 * masters' reported state, and a backend whose check also serves a recovering leader. The cluster runs in
 * Spark's reverse-proxy mode with {@code spark.ui.reverseProxyUrl=/spark} and a long-lived application, so
 * that one cluster start covers the leader page, the worker and application UIs, submissions and recovery
 * (issue 16), in this order, around two leader kills.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SparkLeaderIT {
    private static final Pattern MASTER_URL = Pattern.compile("spark://127\\.0\\.0\\.1:(\\d+)");
    private static final String ALIVE = "<strong>Status:</strong> ALIVE";
    /** One second is the goal; the margin absorbs polling and a loaded machine. */
    private static final Duration FOLLOW_GOAL = Duration.ofMillis(1500);

    /** How long an application and a worker may take to re-register with a new leader. */
    private static final Duration REGISTERED = Duration.ofSeconds(60);

    private static SparkCluster cluster;
    private static SparkApps.Running app;
    private static String appId;

    @ArquillianResource
    private URL base;


    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        // Lodestar at the root: spark-submit's REST client posts to http://host:port/v1/submissions/, no prefix.
        cluster = SparkCluster.start(Path.of("target", "spark-cluster"), SparkCluster.Settings.DEFAULTS
                .withReverseProxy("/spark").withRestSubmissions().withWorkerTimeout(Duration.ofSeconds(20)));
        return Deployments.lodestarWith("ROOT.war", Deployments.withStatsUsers(clusterConfig()));
    }

    /** server-config/spark-cluster.cfg (the reference configuration and its additions) on the cluster's ports. */
    private static String clusterConfig() throws IOException {
        String config = Files.readString(Path.of("server-config/spark-cluster.cfg"));
        List<SparkCluster.Master> masters = cluster.masters();
        for (int i = 0; i < 3; i++) {
            config = config.replace("127.0.0.1:1808" + (i + 1), cluster.uiAddresses().get(i))
                    .replace("127.0.0.1:606" + (i + 6), "127.0.0.1:" + masters.get(i).restPort());
        }
        return config;
    }

    @AfterAll
    static void stopCluster() {
        if (app != null) {
            app.kill(); // its executor died with the worker: it would wait for resources rather than stop
        }
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
    @Order(6)
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
    @Order(8)
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

    // ---- Issue 16: the whole cluster behind one URL -------------------------------------------------------

    @Test
    @Order(4)
    void applicationAndWorkerUisWorkThroughLodestar() throws Exception {
        app = SparkApps.startLingering(cluster, Duration.ofMinutes(15));
        appId = app.awaitId(Duration.ofSeconds(120));
        app.awaitExecutor(Duration.ofSeconds(120));
        SparkCluster.Master leader = cluster.awaitLeader(Duration.ofSeconds(10));
        assertThroughLodestar(leader);
    }

    @Test
    @Order(5)
    void submissionsThroughLodestarReachOnlyTheLeader() throws Exception {
        assertSubmissionReachesOnlyTheLeader(cluster.awaitLeader(Duration.ofSeconds(10)));
    }

    // Order 6: killedLeaderIsFollowedWithoutEverServingAStandby

    @Test
    @Order(7)
    void afterAFailoverTheUisAndSubmissionsFollowTheNewLeader() throws Exception {
        SparkCluster.Master leader = cluster.awaitLeader(Duration.ofSeconds(60));
        String workerId = cluster.worker().id();
        SparkCluster.await("the application and the worker re-registered with " + leader.name(), REGISTERED,
                () -> leader.json().contains("\"" + appId + "\"") && leader.countsAlive(workerId) ? true : null);
        assertThroughLodestar(leader);
        assertSubmissionReachesOnlyTheLeader(leader);
    }

    // Order 8: restartedMasterRejoinsAsStandbyAndIsNeverServed

    @Test
    @Order(9)
    void aRecoveringLeaderIsNamedOnThe503AndServedByTheRecoveringCheck() throws Exception {
        SparkCluster.Master old = cluster.awaitLeader(Duration.ofSeconds(60));
        old.kill();
        cluster.worker().kill();
        SparkCluster.Master recovering = SparkCluster.await("a master RECOVERING (waiting for the dead worker)",
                Duration.ofSeconds(30), () -> cluster.masters().stream()
                        .filter(m -> m.status() == SparkCluster.Status.RECOVERING).findFirst().orElse(null));

        HttpResponse<String> unavailable = SparkCluster.await("the 503 naming " + recovering.name(), Duration.ofSeconds(10),
                () -> {
                    HttpResponse<String> r = uncheckedGet("/spark/");
                    return r.statusCode() == 503 && r.body().contains(recovering.name() + " reports RECOVERING") ? r : null;
                });
        assertTrue(unavailable.headers().firstValue("Retry-After").isPresent(), "503 with Retry-After");
        assertTrue(Pattern.compile("has no server available \\([^)]*" + recovering.name() + " reports RECOVERING")
                .matcher(unavailable.body()).find(), "named first, in the page's headline: " + unavailable.body());
        assertTrue(statsCsv().get("SRV_SPARK/" + recovering.name()).get("last_chk").endsWith("reports RECOVERING"),
                "the dashboard's LastChk");

        HttpResponse<String> served = SparkCluster.await("the recovering leader served by SRV_SPARK_RECOVERING",
                Duration.ofSeconds(10), () -> {
                    HttpResponse<String> r = uncheckedGet("/spark-recovering/");
                    return r.statusCode() == 200 ? r : null;
                });
        assertTrue(served.body().contains("<strong>Status:</strong> RECOVERING"), "the recovering master's page");
        assertEquals(recovering.rpcPort(), servedBy(served));
        assertEquals(SparkCluster.Status.RECOVERING, recovering.status(), "still recovering when it was served");
    }

    /** The application's jobs, stages and executors pages and the worker's page and logs, through Lodestar. */
    private void assertThroughLodestar(SparkCluster.Master leader) throws Exception {
        String master = get("/spark/").body();
        String appPath = "/spark/proxy/" + appId;
        assertTrue(master.contains("href=\"" + appPath + "\""), "the leader links the application through Lodestar");
        String workerId = cluster.worker().id();
        assertTrue(master.contains("href=\"/spark/proxy/" + workerId + "\""), "and the worker");

        HttpResponse<String> redirect = get(appPath);
        assertEquals(302, redirect.statusCode());
        String location = redirect.headers().firstValue("Location").orElseThrow();
        assertTrue(location.equals("http://127.0.0.1:" + proxy().port() + appPath + "/jobs/")
                || location.equals(appPath + "/jobs/"), "Spark's redirect lacks /spark; Lodestar puts it back: " + location);

        for (String page : List.of("/jobs/", "/stages/", "/executors/")) {
            HttpResponse<String> response = get(appPath + page);
            assertEquals(200, response.statusCode(), appPath + page);
            assertTrue(response.body().contains("lodestar-lingering"), "the application's own page: " + page);
            assertStylesheetLoads(response.body(), appPath + "/static/");
        }
        assertTrue(get(appPath + "/jobs/").body().contains("sum of squares, round"), "its jobs are listed");
        HttpResponse<String> executors = get(appPath + "/api/v1/applications/" + appId + "/allexecutors");
        assertEquals(200, executors.statusCode());
        assertTrue(executors.body().contains("\"id\" : \"driver\"") && executors.body().matches("(?s).*\"id\" : \"\\d+\".*"),
                "the executors page's data: the driver and an executor");

        String workerPath = "/spark/proxy/" + workerId;
        HttpResponse<String> worker = get(workerPath + "/");
        assertEquals(200, worker.statusCode());
        assertTrue(worker.body().contains(workerId), "the worker's page");
        assertStylesheetLoads(worker.body(), "/spark/static/");
        Matcher log = Pattern.compile("href=\"(" + Pattern.quote(workerPath) + "/logPage/\\?appId="
                + Pattern.quote(appId) + "[^\"]*logType=stderr)\"").matcher(worker.body());
        assertTrue(log.find(), "the worker links its executor's log through Lodestar");
        HttpResponse<String> logPage = get(log.group(1).replace("&amp;", "&"));
        assertEquals(200, logPage.statusCode(), log.group(1));
        assertTrue(logPage.body().contains("stderr log page for " + appId), "the executor's log page");
        assertEquals(leader.rpcPort(), servedBy(get("/spark/")), "all of it served by the leader");
    }

    private void assertStylesheetLoads(String page, String prefix) throws Exception {
        Matcher css = Pattern.compile("href=\"(" + Pattern.quote(prefix) + "[^\"]+\\.css)\"").matcher(page);
        assertTrue(css.find(), "a stylesheet under " + prefix);
        HttpResponse<String> stylesheet = get(css.group(1));
        assertEquals(200, stylesheet.statusCode(), css.group(1));
        assertTrue(stylesheet.headers().firstValue("Content-Type").orElse("").contains("css"), css.group(1));
    }

    /**
     * spark-submit in cluster mode against Lodestar's address (the REST protocol): created on the leader, and no
     * REST server but the leader's saw a request of it.
     */
    private void assertSubmissionReachesOnlyTheLeader(SparkCluster.Master leader) throws Exception {
        Map<String, Long> before = restRequests();
        SparkCluster.SparkProcess submit = cluster.sparkSubmit("spark-submit", "256m", List.of(
                "--master", "spark://127.0.0.1:" + proxy().port(), "--deploy-mode", "cluster",
                "--conf", "spark.master.rest.enabled=true",
                // More cores than the worker has: the driver waits on the master and starts no JVM.
                "--driver-cores", "8", "--class", SparkApps.LINGERING_APP, SparkApps.jar().toString(), "1"));
        assertEquals(0, submit.awaitExit(Duration.ofSeconds(90)), submit.output());
        Matcher created = Pattern.compile("Submission successfully created as (driver-[\\w-]+)").matcher(submit.output());
        assertTrue(created.find(), "spark-submit's output:\n" + submit.output());
        assertTrue(leader.json().contains("\"" + created.group(1) + "\""), "the leader has the driver");
        Map<String, Long> after = restRequests();
        String leaderRest = "rest" + leader.name().substring("spark".length());
        for (String server : after.keySet()) {
            long requests = after.get(server) - before.getOrDefault(server, 0L);
            if (server.equals(leaderRest)) {
                assertTrue(requests >= 1, "the leader's REST server got the submission");
            } else {
                assertEquals(0, requests, server + " is not the leader's REST server and got a request");
            }
        }
    }

    /** Requests each server of SRV_SPARK_REST received, from Lodestar's statistics ({@code stot}). */
    private Map<String, Long> restRequests() throws Exception {
        Map<String, Long> requests = new java.util.TreeMap<>();
        statsCsv().forEach((key, row) -> {
            if (key.startsWith("SRV_SPARK_REST/rest")) {
                requests.put(row.get("svname"), Long.parseLong(row.get("stot")));
            }
        });
        return requests;
    }

    /** Lodestar's statistics as a script reads them: rows by {@code pxname/svname}. */
    private Map<String, Map<String, String>> statsCsv() throws Exception {
        HttpResponse<String> csv = proxy().http().send(HttpRequest.newBuilder(proxy().url("/lodestar/stats.csv"))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                        "viewer:s3cret".getBytes(StandardCharsets.UTF_8))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, csv.statusCode(), csv.body());
        List<String> lines = csv.body().lines().toList();
        List<String> names = List.of(lines.get(0).substring(2).split(",", -1));
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] values = line.split(",", -1);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                row.put(names.get(i), values[i]);
            }
            rows.put(row.get("pxname") + "/" + row.get("svname"), row);
        }
        return rows;
    }

    private HttpResponse<String> uncheckedGet(String path) {
        try {
            return get(path);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
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
