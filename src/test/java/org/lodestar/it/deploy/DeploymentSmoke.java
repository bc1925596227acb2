package org.lodestar.it.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.apache.curator.test.TestingServer;
import org.lodestar.cluster.Member;
import org.lodestar.cluster.ZooKeeperState;
import org.lodestar.config.Config;
import org.lodestar.config.ConfigParser;
import org.lodestar.container.ProxyRuntime;
import org.lodestar.it.Deployments;
import org.lodestar.it.Logins;
import org.lodestar.it.ReferenceBackends;
import org.lodestar.server.ServerKey;
import org.lodestar.state.ActionResult;
import org.lodestar.state.AdminCommand;
import org.lodestar.it.TestBackend;

/**
 * The deployment smoke test every server gets: Lodestar deployed the way server-config/ and the README
 * tell a user, with the reference configuration (plus one admin user) in front of three Spark-like
 * backends on loopback, spark1 the leader. The leader switch, the reload and the re-check steps come last:
 * they change the backends and the configuration.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
abstract class DeploymentSmoke {
    private static final String ADMIN = "ops";
    private static final String ADMIN_PASSWORD = "leader-watch";
    /** Reference config: inter 10s, rise 2, fall 2, so a switch takes a few checks; bounded generously. */
    private static final Duration LEADER_CHANGE = Duration.ofMinutes(2);

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private ReferenceBackends sparks;
    /** Added by the reload step. */
    private TestBackend spark4;
    private String configuration;
    private AppServer server;
    /** The ZooKeeper of the cluster this Lodestar joins, with another instance run in this JVM. */
    private TestingServer zookeeper;

    abstract AppServer server();

    @BeforeAll
    void deploy() throws Exception {
        sparks = ReferenceBackends.start();
        spark4 = new TestBackend("spark4");
        sparks.spark2().role("STANDBY");
        sparks.spark3().role("STANDBY");
        spark4.role("STANDBY");
        Path config = Path.of(System.getProperty("lodestar.servers"), getClass().getSimpleName() + ".cfg");
        // The reference config unchanged but for the addresses, and a dashboard user appended to its last
        // section (the backend, which inherits 'stats enable' from defaults).
        // In a cluster (issue 15) with an instance this test runs itself: the ZooKeeper client on every server.
        zookeeper = new TestingServer(true);
        configuration = sparks.referenceConfig()
                .replace("  daemon\n", "  daemon\n  lodestar-cluster zookeeper " + zookeeper.getConnectString()
                        + " path /lodestar/smoke instance " + getClass().getSimpleName() + "\n")
                + "  stats auth " + ADMIN + ":" + ADMIN_PASSWORD + "\n  stats admin if LOCALHOST\n";
        Files.writeString(config, configuration);
        server = server();
        server.start(config);
    }

    @AfterAll
    void undeploy() {
        try {
            if (server != null) {
                server.stop();
            }
        } finally {
                        TestBackend.closeAll(spark4);
            if (sparks != null) {
                sparks.close();
            }
            try {
                if (zookeeper != null) {
                    zookeeper.close();
                }
            } catch (java.io.IOException e) {
                System.err.println("ZooKeeper test server not closed: " + e);
            }
        }
    }

    /**
     * Issue 15: this server's Lodestar joins a cluster (a real ZooKeeper) with another instance, run in this JVM as
     * a Lodestar runs it (its shared state and runtime); an action on either reaches the other.
     */
    @Test
    @Order(3)
    void joinsAClusterAndSharesAdminActionsWithAnotherInstance() throws Exception {
        Config config = ConfigParser.parse("peer.cfg", configuration.replace(" instance "
                + getClass().getSimpleName(), " instance peer"));
        ProxyRuntime[] peer = new ProxyRuntime[1];
        try (ZooKeeperState state = ZooKeeperState.start(config.cluster().orElseThrow(), "peer",
                () -> new Member("peer", "in the test JVM", "test", java.time.Instant.now(), "peer.cfg", "-", 0,
                        java.util.Map.of()), Duration.ofSeconds(30))) {
            peer[0] = new ProxyRuntime(config, java.time.Clock.systemUTC(), state);
            assertTrue(ServerProcess.await(LEADER_CHANGE, () -> dashboard().contains("class=\"member-id\">peer<")
                    && dashboard().contains("connected to ZooKeeper")), "the dashboard shows no cluster:\n"
                    + dashboard());
            ServerKey spark3Key = new ServerKey("SRV_SPARK", "spark3");
            assertTrue(peer[0].administration().apply(List.of(spark3Key), new AdminCommand.SetWeight(7), "peer-admin")
                    .get(0) instanceof ActionResult.Applied);
            assertTrue(ServerProcess.await(Duration.ofSeconds(10), () -> "7".equals(csvWeight("spark3"))),
                    "the peer's weight 7 never reached " + getClass().getSimpleName() + ": " + csvWeight("spark3"));

            HttpClient browser = HttpClient.newBuilder().cookieHandler(new java.net.CookieManager()).build();
            String page = send(browser, HttpRequest.newBuilder(server.base().resolve("/lodestar/"))
                    .header("Authorization", basic()).build()).body();
            String csrf = page.replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
            String seen = page.replaceAll("(?s).*name=\"seen\" value=\"([^\"]*)\".*", "$1");
            HttpResponse<String> acted = send(browser, HttpRequest.newBuilder(server.base().resolve("/lodestar/admin"))
                    .header("Authorization", basic()).header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString("s=SRV_SPARK%2Fspark3&action=weight&weight=9&csrf="
                            + java.net.URLEncoder.encode(csrf, StandardCharsets.UTF_8) + "&seen="
                            + java.net.URLEncoder.encode(seen, StandardCharsets.UTF_8))).build());
            assertEquals(303, acted.statusCode(), describe(acted));
            assertTrue(ServerProcess.await(Duration.ofSeconds(10), () -> peer[0].servers().get("SRV_SPARK", "spark3")
                    .weight() == 9), "the action on " + getClass().getSimpleName() + " never reached the peer");
        }
    }

    private String csvWeight(String serverName) {
        HttpResponse<String> csv = get("/lodestar/stats.csv", ADMIN + ":" + ADMIN_PASSWORD);
        return csv.body().lines().filter(l -> l.startsWith("SRV_SPARK," + serverName + ","))
                .map(l -> l.split(",", -1)[18]).findFirst().orElse("");
    }

    private static String basic() {
        return Logins.basic(ADMIN + ":" + ADMIN_PASSWORD);
    }

    private static HttpResponse<String> send(HttpClient client, HttpRequest request) {
        try {
            return client.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    @Order(1)
    void sparkPathIsServedByTheLeader() throws Exception {
        assertTrue(awaitServedBy("spark1"), "/spark/ not served by spark1; last answer "
                + describe(get("/spark/", null)) + ", server log " + server.log());
        assertEquals("/", sparks.spark1().last().rawTarget(), "reqrep strips /spark");
    }

    @Test
    @Order(2)
    void dashboardShowsTheServersWithTheirCheckedStates() throws Exception {
        assertTrue(ServerProcess.await(LEADER_CHANGE, () -> isUp(statusOf(dashboard(), "spark1"))),
                "spark1 never UP on the dashboard:\n" + dashboard());
        String page = dashboard();
        assertTrue(page.contains("<h1>Statistics Report for Lodestar</h1>"), page);
        assertFalse(page.contains("<h:head") || page.contains("<f:view"), "Faces did not process the page:\n" + page);
        assertTrue(page.contains("MGMTSRV") && page.contains("SRV_SPARK"), page);
        assertTrue(isDown(statusOf(page, "spark2")), "spark2 (standby): " + statusOf(page, "spark2"));
        assertTrue(isDown(statusOf(page, "spark3")), "spark3 (standby): " + statusOf(page, "spark3"));
        // Which connector protections apply here is said plainly; none has failed.
        assertTrue(page.contains(server.grizzly() ? "<div>Grizzly connector binding on " : "<div>no connector binding for "),
                page);
        assertTrue(page.contains("<td class=\"connector\">"), page);
    }

    /**
     * Content-Length with Transfer-Encoding, in either order, on every server: the body is read as chunked
     * (or the server refuses the request), one response, the connection closed after it, and what the client
     * put after the chunked body never reaches a backend as a request.
     */
    @Test
    @Order(3)
    void contentLengthWithTransferEncodingSmugglesNothing() throws Exception {
        for (String framing : List.of("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n",
                "Transfer-Encoding: chunked\r\nContent-Length: 4\r\n")) {
            String answer = rawExchange("POST /spark/upload HTTP/1.1\r\nHost: 127.0.0.1\r\n" + framing + "\r\n0\r\n\r\n"
                    + "GET /spark/smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
            System.out.printf("%s: %s-> %s%n", getClass().getSimpleName(), framing.replace("\r\n", "; "),
                    answer.lines().findFirst().orElse("no answer"));
            assertTrue(answer.startsWith("HTTP/1.1 200 ") || answer.startsWith("HTTP/1.1 400 "), framing + " -> " + answer);
            assertEquals(1, answer.split("HTTP/1\\.1 \\d{3} ", -1).length - 1, "one response, then closed: " + answer);
            if (answer.startsWith("HTTP/1.1 200 ")) {
                assertEquals("POST /upload", sparks.spark1().last().method() + " " + sparks.spark1().last().rawTarget(),
                        "the last request the leader saw, after the answer " + answer);
            }
        }
    }

    /** Sends raw bytes and returns everything the server answered until it closed the connection (or 20 s). */
    private String rawExchange(String request) throws java.io.IOException {
        try (java.net.Socket socket = new java.net.Socket(server.base().getHost(), server.base().getPort())) {
            socket.setSoTimeout(20_000);
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            java.io.ByteArrayOutputStream answer = new java.io.ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            try {
                for (int n; (n = socket.getInputStream().read(buffer)) >= 0; ) {
                    answer.write(buffer, 0, n);
                }
            } catch (java.net.SocketTimeoutException | java.net.SocketException ended) {
                // what arrived is the answer
            }
            return answer.toString(StandardCharsets.ISO_8859_1);
        }
    }

    @Test
    @Order(3)
    void adminLogsInAndAnonymousIsAskedToAuthenticate() throws Exception {
        HttpResponse<String> anonymous = get("/lodestar/", null);
        assertEquals(401, anonymous.statusCode(), describe(anonymous));
        assertTrue(anonymous.headers().firstValue("WWW-Authenticate").orElse("").startsWith("Basic "),
                describe(anonymous));
        assertEquals(401, get("/lodestar/", ADMIN + ":wrong").statusCode());
        HttpResponse<String> admin = get("/lodestar/stats.csv", ADMIN + ":" + ADMIN_PASSWORD);
        assertEquals(200, admin.statusCode(), describe(admin));
        assertTrue(admin.body().startsWith("# pxname,svname,"), admin.body());
    }

    @Test
    @Order(4)
    void leaderSwitchIsFollowed() throws Exception {
        assertTrue(awaitServedBy("spark1"), "spark1 is not the leader to begin with");
        sparks.spark1().role("STANDBY");
        sparks.spark2().role("ALIVE");
        assertTrue(awaitServedBy("spark2"), "/spark/ not served by the new leader spark2; last answer "
                + describe(get("/spark/", null)));
        assertTrue(ServerProcess.await(LEADER_CHANGE, () -> isDown(statusOf(dashboard(), "spark1"))),
                "spark1 not DOWN on the dashboard after losing the leadership");
    }

    /**
     * Issue 12, item 3: a configuration posted to the reload endpoint runs with its servers checked. On Tomcat
     * the new runtime's servers were never checked: requests waited {@code timeout queue} and got 503.
     */
    @Test
    @Order(5)
    void reloadedConfigurationIsCheckedAndServed() throws Exception {
        assertTrue(awaitServedBy("spark2"), "spark2 is not the leader before the reload");
        int spark4Checks = spark4.checks();
        String added = configuration + "  server  spark4 127.0.0.1:" + spark4.port() + " check inter 10s rise 2 fall 2\n";
        HttpResponse<String> reloaded = post("/lodestar/reload", added);
        assertEquals(200, reloaded.statusCode(), describe(reloaded));
        // Every server of the new configuration starts unchecked: a request waits for the first checks (up to
        // timeout queue, 5 s here), which must come at once and pass for the leader.
        HttpResponse<String> first = get("/spark/", null);
        assertTrue(first.statusCode() == 200 && first.body().contains("backend spark2 saw /"),
                "the first request after the reload was not served by the leader: " + describe(first));
        assertTrue(ServerProcess.await(LEADER_CHANGE, () -> spark4.checks() > spark4Checks),
                "spark4, added by the reload, was never checked; server log " + server.log());
        sparks.spark2().role("STANDBY");
        spark4.role("ALIVE");
        assertTrue(awaitServedBy("spark4"), "/spark/ not served by spark4, the new leader after the reload; last "
                + "answer " + describe(get("/spark/", null)));
        assertTrue(ServerProcess.await(LEADER_CHANGE, () -> isUp(statusOf(dashboard(), "spark4"))),
                "spark4 never UP on the dashboard:\n" + dashboard());
    }

    /**
     * Issue 12, item 4: with the server's default timer settings a DOWN server is re-checked every 250 ms (fast
     * failover). Payara's EJB timers fire no sooner than 1000 ms after they are set, by default.
     */
    @Test
    @Order(6)
    void downServerIsRecheckedWellWithinASecondOnDefaultTimerSettings() throws Exception {
        sparks.spark3().assertRecheckedWellWithinASecond(LEADER_CHANGE); // standby from the start
    }

    private HttpResponse<String> post(String path, String body) {
        HttpRequest request = HttpRequest.newBuilder(server.base().resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Authorization", Logins.basic(ADMIN + ":" + ADMIN_PASSWORD))
                .header("Content-Type", "application/octet-stream")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        return send(request);
    }

    private boolean awaitServedBy(String backend) throws InterruptedException {
        return ServerProcess.await(LEADER_CHANGE, () -> {
            HttpResponse<String> response = get("/spark/", null);
            return response.statusCode() == 200 && response.body().contains("backend " + backend + " saw /")
                    && response.body().contains("Status:</strong> ALIVE");
        });
    }

    private String dashboard() {
        HttpResponse<String> response = get("/lodestar/", ADMIN + ":" + ADMIN_PASSWORD);
        return response.statusCode() == 200 ? response.body() : describe(response);
    }

    /** A status cell reads like HAProxy's: the time since the last change, then e.g. {@code UP}. */
    private static boolean isUp(String status) {
        return status.matches("(.* )?UP( .*)?") && !status.contains("DOWN");
    }

    private static boolean isDown(String status) {
        return status.matches("(.* )?DOWN( .*)?");
    }

    /** The status cell of a server's row on the dashboard, or "" when there is no such row. */
    private static String statusOf(String page, String serverName) {
        Matcher row = Pattern.compile("<td class=\"name\"[^>]*>" + serverName + "</td>.*?<td class=\"status\">([^<]*)</td>",
                Pattern.DOTALL).matcher(page);
        return row.find() ? row.group(1).trim() : "";
    }

    private HttpResponse<String> get(String path, String credentials) {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.base().resolve(path)).timeout(Duration.ofSeconds(20));
        Optional.ofNullable(credentials).ifPresent(c -> request.header("Authorization", Logins.basic(c)));
        return send(request.build());
    }

    private HttpResponse<String> send(HttpRequest request) {
        try {
            return http.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (java.io.IOException e) {
            return new Failed(request.uri(), e.toString());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Failed(request.uri(), "interrupted");
        }
    }

    private static String describe(HttpResponse<String> response) {
        String body = response.body();
        return response.statusCode() + " " + (body.length() > 600 ? body.substring(0, 600) + "..." : body);
    }

    /** A request that got no answer at all (connection refused while the server starts), as status 0. */
    private record Failed(URI uri, String body) implements HttpResponse<String> {
        @Override
        public int statusCode() {
            return 0;
        }

        @Override
        public HttpRequest request() {
            return HttpRequest.newBuilder(uri).build();
        }

        @Override
        public Optional<HttpResponse<String>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public java.net.http.HttpHeaders headers() {
            return java.net.http.HttpHeaders.of(java.util.Map.of(), (a, b) -> true);
        }

        @Override
        public Optional<javax.net.ssl.SSLSession> sslSession() {
            return Optional.empty();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }
    }
}
