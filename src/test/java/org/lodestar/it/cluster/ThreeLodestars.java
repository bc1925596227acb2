package org.lodestar.it.cluster;

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
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.curator.test.TestingServer;
import org.lodestar.it.Deployments;
import org.lodestar.it.TestBackend;

/**
 * A cluster of three Lodestars for {@link ClusterIT} and the benchmark ({@link ClusterBench}): a real ZooKeeper
 * server ({@link TestingServer}, in this JVM, on a fixed port so that it can be stopped and restarted), three real
 * backends, and three plain Payara Micro processes ({@link LodestarProcess}) reading identical copies of the
 * reference configuration with {@code lodestar-cluster}, {@code monitor-uri} and the README's users added.
 */
final class ThreeLodestars implements AutoCloseable {
    static final String MONITOR = "/lodestar-health";
    static final String ADMIN = "boss:adm1n";
    static final String VIEWER = "viewer:s3cret";
    static final Duration WAIT = Duration.ofSeconds(60);
    static final int POLL_MILLIS = 5;

    final TestingServer zookeeper;
    final TestBackend spark1;
    final TestBackend spark2;
    final TestBackend spark3;
    final List<LodestarProcess> lodestars = new ArrayList<>();
    final Path directory;
    static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Starts everything and returns once each Lodestar routes to the three backends. */
    ThreeLodestars(Path directory) throws Exception {
        this.directory = directory.toAbsolutePath();
        deleteTree(this.directory);
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
            LodestarProcess lodestar = new LodestarProcess(id, this.directory.resolve(id));
            Files.writeString(lodestar.config(), config);
            lodestars.add(lodestar);
        }
        for (LodestarProcess lodestar : lodestars) {
            lodestar.start();
        }
        for (LodestarProcess lodestar : lodestars) {
            lodestar.awaitMonitor(HTTP, MONITOR);
        }
        for (LodestarProcess lodestar : lodestars) {
            await(lodestar.id + " routes to all three", () -> servedBy(lodestar, 6).containsAll(
                    List.of("spark1", "spark2", "spark3")));
        }
    }

    LodestarProcess get(int index) {
        return lodestars.get(index);
    }

    @Override
    public void close() throws IOException {
        lodestars.forEach(LodestarProcess::close);
        zookeeper.close();
        TestBackend.closeAll(spark1, spark2, spark3);
    }

    /** An administrator's browser on one instance: its session cookie, CSRF token and the versions it saw. */
    static final class AdminSession {
        private final LodestarProcess lodestar;
        private final HttpClient client = HttpClient.newBuilder().cookieHandler(new CookieManager())
                .connectTimeout(Duration.ofSeconds(5)).build();
        private String csrf = "";
        private String seen = "";

        AdminSession(LodestarProcess lodestar) {
            this.lodestar = lodestar;
        }

        /** The dashboard, which gives the session its CSRF token and the versions of the records it shows. */
        String page() throws IOException, InterruptedException {
            HttpResponse<String> r = client.send(authorized(lodestar.url("/lodestar/").toString()).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException(lodestar.id + " answered " + r.statusCode() + ": " + r.body());
            }
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

        /** Posts the dashboard's form and returns where it redirects to (POST-redirect-GET). */
        String post(String action, String server, String... extra) throws IOException, InterruptedException {
            StringBuilder form = new StringBuilder("s=" + encode(server) + "&action=" + action + "&csrf="
                    + encode(csrf) + "&seen=" + encode(seen));
            for (int i = 0; i + 1 < extra.length; i += 2) {
                form.append('&').append(extra[i]).append('=').append(encode(extra[i + 1]));
            }
            HttpResponse<String> posted = client.send(authorized(lodestar.url("/lodestar/admin").toString())
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(form.toString())).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (posted.statusCode() != 303) {
                throw new IllegalStateException(lodestar.id + " answered " + posted.statusCode() + ": "
                        + posted.body());
            }
            return posted.headers().firstValue("Location").orElseThrow();
        }

        /** The banner of the page the action redirected to: its class ({@code banner applied}) and its lines. */
        String outcome(String location) throws IOException, InterruptedException {
            HttpResponse<String> result = client.send(authorized(location).build(),
                    HttpResponse.BodyHandlers.ofString());
            Matcher banner = Pattern.compile("(?s)<div class=\"(banner [a-z]+)\" id=\"admin-result\"[^>]*>(.*?)"
                    + "</div>\\s*</div>").matcher(result.body());
            if (!banner.find()) {
                throw new IllegalStateException("no banner on " + location + ": " + result.body());
            }
            return banner.group(1) + ": " + banner.group(2).replaceAll("<[^>]+>", " ").replaceAll("\\s+", " ")
                    .replace("&gt;", ">").replace("&lt;", "<").replace("&quot;", "\"").replace("&#39;", "'")
                    .replace("&amp;", "&");
        }

        /** {@link #post}, then {@link #outcome}. */
        String act(String action, String server, String... extra) throws IOException, InterruptedException {
            return outcome(post(action, server, extra));
        }

        private HttpRequest.Builder authorized(String url) {
            String absolute = url.startsWith("http") ? url : lodestar.url(url).toString();
            return HttpRequest.newBuilder(java.net.URI.create(absolute)).timeout(Duration.ofSeconds(20))
                    .header("Authorization", basic(ADMIN));
        }
    }

    static String basic(String user) {
        return "Basic " + Base64.getEncoder().encodeToString(user.getBytes(StandardCharsets.UTF_8));
    }

    private static String encode(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    /** Which backends answered {@code n} requests for /spark/ on this instance. */
    static List<String> servedBy(LodestarProcess lodestar, int n) throws IOException, InterruptedException {
        List<String> served = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(lodestar.url("/spark/"))
                    .timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
            Matcher m = Pattern.compile("backend (spark\\d) saw").matcher(r.body());
            served.add(r.statusCode() == 200 && m.find() ? m.group(1) : "status " + r.statusCode());
        }
        return served;
    }

    /** The CSV export's rows by server name (svname), read as the viewer. */
    static Map<String, Map<String, String>> csv(LodestarProcess lodestar) throws IOException, InterruptedException {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(lodestar.url("/lodestar/stats.csv"))
                .timeout(Duration.ofSeconds(10)).header("Authorization", basic(VIEWER)).build(),
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
        return rows;
    }

    static String csvField(LodestarProcess lodestar, String server, String field) throws IOException,
            InterruptedException {
        return csv(lodestar).get(server).get(field);
    }

    static String csvStatus(LodestarProcess lodestar, String server) throws IOException, InterruptedException {
        return csvField(lodestar, server, "status");
    }

    @FunctionalInterface
    interface Condition {
        boolean holds() throws Exception;
    }

    /** Polls {@code condition} until it holds, for up to {@link #WAIT}; an I/O failure counts as "not yet". */
    static void await(String what, Condition condition) throws Exception {
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

    /**
     * Milliseconds from just before {@code action} runs until each of {@code watched} shows a status of
     * {@code server} that {@code status} accepts in its CSV export, polled without pause by one thread per instance
     * from before the action, every {@value #POLL_MILLIS} ms (polling flat out would take the CPU the instances
     * need to apply the action).
     */
    static List<Long> propagation(List<LodestarProcess> watched, String server,
                                  java.util.function.Predicate<String> status, Condition action) throws Exception {
        java.util.concurrent.ExecutorService pollers = java.util.concurrent.Executors.newFixedThreadPool(
                watched.size());
        try {
            long[] start = new long[1];
            java.util.concurrent.CountDownLatch polling = new java.util.concurrent.CountDownLatch(watched.size());
            java.util.concurrent.CountDownLatch acted = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Long>> seen = new ArrayList<>();
            for (LodestarProcess other : watched) {
                seen.add(pollers.submit(() -> {
                    polling.countDown();
                    long deadline = System.nanoTime() + WAIT.toNanos();
                    while (System.nanoTime() < deadline) {
                        if (status.test(csvStatus(other, server))) {
                            long at = System.nanoTime();
                            acted.await();
                            return at;
                        }
                        Thread.sleep(POLL_MILLIS);
                    }
                    throw new AssertionError(other.id + " did not show the new status of " + server);
                }));
            }
            polling.await();
            start[0] = System.nanoTime();
            if (!action.holds()) {
                throw new AssertionError("the action was not applied");
            }
            acted.countDown();
            List<Long> millis = new ArrayList<>();
            for (java.util.concurrent.Future<Long> f : seen) {
                millis.add(Math.max(0, (f.get() - start[0]) / 1_000_000));
            }
            return millis;
        } finally {
            pollers.shutdownNow();
        }
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
