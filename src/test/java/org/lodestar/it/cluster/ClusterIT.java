package org.lodestar.it.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.CookieManager;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.lodestar.it.Deployments;
import org.lodestar.it.TestBackend;

/**
 * Three Lodestars on three plain Payara Micro processes (loopback, ports of their own, 256 MB heaps) sharing their
 * admin state through a real ZooKeeper server ({@link TestingServer}, in this JVM), in front of three real
 * backends. One cluster start for every scenario, in order: propagation of MAINT (measured), two admins at once,
 * kill -9 and restart, ZooKeeper down and back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ClusterIT {
    private static final String MONITOR = "/lodestar-health";
    private static final String ADMIN = "boss:adm1n";
    private static final String VIEWER = "viewer:s3cret";
    private static final Duration WAIT = Duration.ofSeconds(60);
    /** The bound for an action to reach every instance. */
    private static final Duration PROPAGATION_BOUND = Duration.ofSeconds(1);
    private static final Path DIRECTORY = Path.of("target", "cluster-it");

    private static TestingServer zookeeper;
    private static TestBackend spark1;
    private static TestBackend spark2;
    private static TestBackend spark3;
    private static final List<LodestarProcess> lodestars = new ArrayList<>();
    private static final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @BeforeAll
    static void startCluster() throws Exception {
        deleteTree(DIRECTORY);
        zookeeper = new TestingServer(LodestarProcess.freePort(), true);
        spark1 = new TestBackend("spark1");
        spark2 = new TestBackend("spark2");
        spark3 = new TestBackend("spark3");
        String config = Deployments.withStatsUsers(Deployments.referenceConfig(spark1.port(), spark2.port(),
                        spark3.port()))
                .replace("  daemon\n", "  daemon\n  lodestar-cluster zookeeper " + zookeeper.getConnectString()
                        + " path /lodestar/it\n")
                .replace("  bind    :80\n", "  bind    :80\n  monitor-uri " + MONITOR + "\n")
                .replace("balance  leastconn", "balance  roundrobin")
                .replace("check inter 10s rise 2 fall 2", "check inter 2s rise 1 fall 1");
        for (String id : List.of("one", "two", "three")) {
            LodestarProcess lodestar = new LodestarProcess(id, DIRECTORY.resolve(id).toAbsolutePath());
            Files.writeString(lodestar.config(), config);
            lodestars.add(lodestar);
        }
        for (LodestarProcess lodestar : lodestars) {
            lodestar.start();
        }
        for (LodestarProcess lodestar : lodestars) {
            lodestar.awaitMonitor(http, MONITOR);
        }
        for (LodestarProcess lodestar : lodestars) {
            await(lodestar.id + " routes to all three", () -> servedBy(lodestar, 6).containsAll(
                    List.of("spark1", "spark2", "spark3")));
        }
    }

    @AfterAll
    static void stopCluster() throws IOException {
        lodestars.forEach(LodestarProcess::close);
        if (zookeeper != null) {
            zookeeper.close();
        }
        TestBackend.closeAll(spark1, spark2, spark3);
    }

    @Test
    @Order(1)
    void maintOnInstanceOneStopsTwoAndThreeRoutingToItWithinASecond() throws Exception {
        String page = new AdminSession(lodestars.get(0)).page();
        assertTrue(page.contains("class=\"member-id\">one<") && page.contains("class=\"member-id\">two<")
                && page.contains("class=\"member-id\">three<"), "the dashboard lists the three instances");
        assertFalse(page.contains("differs from this instance"), "identical configurations");

        AdminSession admin = new AdminSession(lodestars.get(0));
        admin.page();
        ExecutorService watchers = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch acted = new CountDownLatch(1);
            long[] actedAt = new long[1];
            List<Future<Long>> seen = new ArrayList<>();
            for (LodestarProcess other : lodestars.subList(1, 3)) {
                seen.add(watchers.submit(() -> {
                    acted.await();
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    while (System.nanoTime() < deadline) {
                        if ("MAINT".equals(csvStatus(other, "spark1"))) {
                            return System.nanoTime();
                        }
                    }
                    throw new AssertionError(other.id + " did not see MAINT");
                }));
            }
            actedAt[0] = System.nanoTime();
            String outcome = admin.act("maint", "SRV_SPARK/spark1");
            acted.countDown();
            assertTrue(outcome.contains("SRV_SPARK/spark1: state READY → MAINT"), outcome);
            long worst = 0;
            List<Long> millis = new ArrayList<>();
            for (Future<Long> f : seen) {
                long ms = (f.get() - actedAt[0]) / 1_000_000;
                millis.add(ms);
                worst = Math.max(worst, ms);
            }
            report("MAINT on one seen by two and three after " + millis + " ms (from the POST, polling the CSV)");
            assertTrue(worst <= PROPAGATION_BOUND.toMillis(), "propagation took " + millis + " ms");
        } finally {
            watchers.shutdownNow();
        }
        for (LodestarProcess other : lodestars.subList(1, 3)) {
            List<String> served = servedBy(other, 12);
            assertFalse(served.contains("spark1"), other.id + " still routes to spark1: " + served);
        }
        String timeline = new AdminSession(lodestars.get(2)).page();
        assertTrue(timeline.contains("admin boss on one set state to MAINT"), "the timeline names user and instance");
    }

    @Test
    @Order(2)
    void twoAdminsActingAtOnceOneWinsTheOtherIsTold() throws Exception {
        AdminSession first = new AdminSession(lodestars.get(0));
        AdminSession second = new AdminSession(lodestars.get(1));
        first.page();
        second.page();
        ExecutorService both = Executors.newFixedThreadPool(2);
        try {
            CountDownLatch go = new CountDownLatch(1);
            Callable<String> drain = () -> {
                go.await();
                return first.act("drain", "SRV_SPARK/spark2");
            };
            Callable<String> weight = () -> {
                go.await();
                return second.act("weight", "SRV_SPARK/spark2", "weight", "3");
            };
            Future<String> a = both.submit(drain);
            Future<String> b = both.submit(weight);
            go.countDown();
            List<String> outcomes = List.of(a.get(), b.get());
            long applied = outcomes.stream().filter(o -> o.contains("banner applied")).count();
            long told = outcomes.stream().filter(o -> o.contains("changed meanwhile by boss on ")
                    && o.contains("reload the page")).count();
            assertEquals(1, applied, outcomes.toString());
            assertEquals(1, told, outcomes.toString());
            report("two admins at once on spark2: " + (outcomes.get(0).contains("banner applied") ? "one" : "two")
                    + " won, the other was told 'changed meanwhile'");
        } finally {
            both.shutdownNow();
        }
        // Everyone ends with the winner's setting.
        String status = csvStatus(lodestars.get(0), "spark2");
        String weight = csvField(lodestars.get(0), "spark2", "weight");
        for (LodestarProcess lodestar : lodestars) {
            await(lodestar.id + " agrees on spark2", () -> status.equals(csvStatus(lodestar, "spark2"))
                    && weight.equals(csvField(lodestar, "spark2", "weight")));
        }
        // Undo, for the next scenarios: spark2 READY with weight 1.
        AdminSession admin = new AdminSession(lodestars.get(0));
        admin.page();
        if (status.startsWith("DRAIN")) {
            assertTrue(admin.act("ready", "SRV_SPARK/spark2").contains("banner applied"));
        } else {
            assertTrue(admin.act("weight", "SRV_SPARK/spark2", "weight", "1").contains("banner applied"));
        }
    }

    @Test
    @Order(3)
    void killedInstanceComesBackWithTheWeightSetMeanwhileBeforeItRoutes() throws Exception {
        LodestarProcess two = lodestars.get(1);
        two.kill();
        AdminSession admin = new AdminSession(lodestars.get(0));
        admin.page();
        assertTrue(admin.act("weight", "SRV_SPARK/spark3", "weight", "5").contains("SRV_SPARK/spark3: weight 1 → 5"));
        assertTrue(Files.readString(two.directory.resolve("lodestar.state")).contains("SRV_SPARK spark1 MAINT 1"),
                "its own cache knows nothing of weight 5");
        long started = System.nanoTime();
        two.start();
        // The first answer it gives already carries the cluster's weight.
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
        two.awaitMonitor(http, MONITOR);
        report("instance two restarted after kill -9 in " + (System.nanoTime() - started) / 1_000_000_000
                + " s; its first statistics already showed weight 5");
        assertEquals("MAINT", csvStatus(two, "spark1"));
        List<String> served = servedBy(two, 12);
        assertFalse(served.contains("spark1"), served.toString());
    }

    @Test
    @Order(4)
    void withZooKeeperDownAllKeepServingActionsAreRefusedAndWorkOnceItIsBack() throws Exception {
        zookeeper.stop();
        try {
            for (LodestarProcess lodestar : lodestars) {
                await(lodestar.id + " shows the cluster down", () -> new AdminSession(lodestar).page()
                        .contains("DISCONNECTED: the cluster"));
                List<String> served = servedBy(lodestar, 6);
                assertTrue(served.containsAll(List.of("spark2", "spark3")) && !served.contains("spark1"),
                        lodestar.id + " on the last known state: " + served);
            }
            AdminSession admin = new AdminSession(lodestars.get(2));
            admin.page();
            String refused = admin.act("ready", "SRV_SPARK/spark1");
            assertTrue(refused.contains("banner refused") && refused.contains("cannot be reached")
                    && refused.contains("admin actions are refused until it is back"), refused);
            assertEquals("MAINT", csvStatus(lodestars.get(2), "spark1"), "nothing changed");
        } finally {
            zookeeper.restart();
        }
        for (LodestarProcess lodestar : lodestars) {
            await(lodestar.id + " reconnected", () -> !new AdminSession(lodestar).page().contains("DISCONNECTED"));
        }
        AdminSession admin = new AdminSession(lodestars.get(2));
        admin.page();
        String applied = admin.act("ready", "SRV_SPARK/spark1");
        assertTrue(applied.contains("SRV_SPARK/spark1: state MAINT → READY"), applied);
        for (LodestarProcess lodestar : lodestars) {
            await(lodestar.id + " agrees spark1 is READY again", () -> !csvStatus(lodestar, "spark1").equals("MAINT")
                    && servedBy(lodestar, 6).contains("spark1"));
        }
    }

    // ------------------------------------------------------------------ helpers

    /** An administrator's browser on one instance: its session cookie, CSRF token and the versions it saw. */
    private static final class AdminSession {
        private final LodestarProcess lodestar;
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5)).build();
        private String csrf;
        private String seen = "";

        AdminSession(LodestarProcess lodestar) {
            this.lodestar = lodestar;
        }

        String page() throws IOException, InterruptedException {
            HttpResponse<String> r = client.send(authorized("/lodestar/", ADMIN).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, r.statusCode(), r.body());
            Matcher token = Pattern.compile("name=\"csrf\" value=\"([^\"]+)\"").matcher(r.body());
            if (token.find()) {
                csrf = token.group(1);
            }
            Matcher versions = Pattern.compile("name=\"seen\" value=\"([^\"]*)\"").matcher(r.body());
            if (versions.find()) {
                seen = versions.group(1);
            }
            return r.body();
        }

        /** Posts the dashboard's form and returns the page it redirects to, whose banner tells the outcome. */
        String act(String action, String server, String... extra) throws IOException, InterruptedException {
            StringBuilder form = new StringBuilder("s=" + encode(server) + "&action=" + action + "&csrf="
                    + encode(csrf) + "&seen=" + encode(seen));
            for (int i = 0; i + 1 < extra.length; i += 2) {
                form.append('&').append(extra[i]).append('=').append(encode(extra[i + 1]));
            }
            HttpResponse<String> posted = client.send(authorized("/lodestar/admin", ADMIN)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(303, posted.statusCode(), posted.body());
            String location = posted.headers().firstValue("Location").orElseThrow();
            HttpResponse<String> result = client.send(authorized(location, ADMIN).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher banner = Pattern.compile("(?s)<div class=\"(banner [a-z]+)\" id=\"admin-result\"[^>]*>(.*?)</div>\\s*"
                    + "</div>").matcher(result.body());
            assertTrue(banner.find(), result.body());
            return banner.group(1) + ": " + banner.group(2).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ")
                    .replace("&gt;", ">").replace("&lt;", "<").replace("&amp;", "&").replace("&quot;", "\"")
                    .replace("&#39;", "'");
        }

        private HttpRequest.Builder authorized(String path, String user) {
            return HttpRequest.newBuilder(lodestar.url(path)).timeout(Duration.ofSeconds(20))
                    .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
                            user.getBytes(StandardCharsets.UTF_8)));
        }
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Which backends answered {@code n} requests for /spark/ on this instance. */
    private static List<String> servedBy(LodestarProcess lodestar, int n) throws IOException, InterruptedException {
        List<String> served = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(lodestar.url("/spark/"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("backend (spark\\d) saw").matcher(r.body());
            served.add(r.statusCode() == 200 && m.find() ? m.group(1) : "status " + r.statusCode());
        }
        return served;
    }

    private static Map<String, Map<String, String>> csv(LodestarProcess lodestar) throws IOException,
            InterruptedException {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(lodestar.url("/lodestar/stats.csv"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", "Basic " + Base64.getEncoder()
                        .encodeToString(VIEWER.getBytes(StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new IllegalStateException(lodestar.id + " answered " + r.statusCode());
        }
        String[] lines = r.body().split("\n");
        List<String> header = Arrays.asList(lines[0].substring(2).split(",", -1));
        Map<String, Map<String, String>> rows = new HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            String[] values = lines[i].split(",", -1);
            Map<String, String> row = new HashMap<>();
            for (int f = 0; f < header.size() && f < values.length; f++) {
                row.put(header.get(f), values[f]);
            }
            rows.put(row.get("svname"), row);
        }
        assertEquals(lodestar.id, rows.get("spark1").get("lodestar_instance"), "the export names its instance");
        return rows;
    }

    private static String csvField(LodestarProcess lodestar, String server, String field) throws IOException,
            InterruptedException {
        return csv(lodestar).get(server).get(field);
    }

    private static String csvStatus(LodestarProcess lodestar, String server) throws IOException,
            InterruptedException {
        return csvField(lodestar, server, "status");
    }

    @FunctionalInterface
    private interface Condition {
        boolean holds() throws Exception;
    }

    private static void await(String what, Condition condition) throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Exception last = null;
        while (System.nanoTime() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (IOException | IllegalStateException e) {
                last = e;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("not within " + WAIT + ": " + what + (last == null ? "" : " (last: " + last + ")"));
    }

    private static void report(String line) throws IOException {
        System.out.println("[ClusterIT] " + line);
        Files.writeString(DIRECTORY.resolve("measurements.txt"), line + "\n", StandardCharsets.UTF_8,
                java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
    }

    private static void deleteTree(Path root) throws IOException {
        if (Files.exists(root)) {
            try (var paths = Files.walk(root)) {
                for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
