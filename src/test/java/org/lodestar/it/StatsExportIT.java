package org.lodestar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.lodestar.stats.MiniJson;

/**
 * The statistics exports on the real WAR: the reference configuration (whose {@code defaults} enable
 * stats on every proxy) in front of three real backends, spark2 a STANDBY, plus two sections that only
 * add users: a viewer, and an administrator through {@code stats admin if TRUE}.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class StatsExportIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String REALM = "HAProxy Statistics";
    private static final String VIEWER = "viewer:s3cret";

    private static TestBackend spark1;
    private static TestBackend spark2;
    private static TestBackend spark3;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        spark1 = new TestBackend("spark1");
        spark2 = new TestBackend("spark2");
        spark3 = new TestBackend("spark3");
        spark2.role("STANDBY");
        String users = """

                backend VIEWERS
                  stats auth viewer:s3cret
                  server nobody 127.0.0.1:%d

                backend ADMINS
                  stats auth boss:adm1n
                  stats admin if TRUE
                  server nobody 127.0.0.1:%d
                """.formatted(TestBackend.closedPort(), TestBackend.closedPort());
        return Deployments.lodestarWith("stats.war",
                Deployments.referenceConfig(spark1.port(), spark2.port(), spark3.port()) + users);
    }

    @AfterAll
    static void stopBackends() {
        for (TestBackend backend : new TestBackend[] {spark1, spark2, spark3}) {
            if (backend != null) {
                backend.close();
            }
        }
    }

    @AfterEach
    void noExportReachedABackend() {
        for (TestBackend backend : new TestBackend[] {spark1, spark2, spark3}) {
            assertNull(backend.last(), backend.name() + " received " + backend.last());
        }
    }

    @Test
    void anonymousAndWrongPasswordsGet401WithTheRealm() throws Exception {
        for (String path : List.of("/lodestar/stats.csv", "/lodestar/stats.json", "/haproxy?stats;csv",
                "/haproxy?stats;json", "/haproxy?stats", "/lodestar/anything")) {
            for (Optional<String> user : List.of(Optional.<String>empty(), Optional.of("viewer:wrong"),
                    Optional.of("nobody:s3cret"))) {
                HttpResponse<String> response = get(path, user.orElse(null));
                assertEquals(401, response.statusCode(), path + " as " + user + ": " + response.body());
                assertEquals(Optional.of("Basic realm=\"" + REALM + "\""),
                        response.headers().firstValue("WWW-Authenticate"), path + " as " + user);
                assertFalse(response.body().contains("Exception"), response.body());
                assertFalse(response.body().contains("s3cret"), response.body());
            }
        }
    }

    @Test
    void viewerReadsHaproxyCsvWithServerStatesFollowingTheirRoles() throws Exception {
        Map<String, Map<String, String>> rows = awaitCsv("/lodestar/stats.csv", VIEWER,
                r -> "UP".equals(status(r, "spark1")) && "DOWN".equals(status(r, "spark2"))
                        && "UP".equals(status(r, "spark3")));
        assertEquals("OPEN", rows.get("MGMTSRV/FRONTEND").get("status"));
        assertEquals("UP", rows.get("SRV_SPARK/BACKEND").get("status"));
        assertEquals("L7OK", rows.get("SRV_SPARK/spark1").get("check_status"));
        assertEquals("L7RSP", rows.get("SRV_SPARK/spark2").get("check_status"));
        assertEquals("127.0.0.1:" + spark1.port(), rows.get("SRV_SPARK/spark1").get("addr"));
        assertEquals("127.0.0.1:" + spark2.port(), rows.get("SRV_SPARK/spark2").get("addr"));
        assertEquals("127.0.0.1:" + spark3.port(), rows.get("SRV_SPARK/spark3").get("addr"));
    }

    @Test
    void haproxyStatsUriGivesTheSameExports() throws Exception {
        HttpResponse<String> own = get("/lodestar/stats.csv", VIEWER);
        HttpResponse<String> haproxy = get("/haproxy?stats;csv", VIEWER);
        assertEquals(200, haproxy.statusCode(), haproxy.body());
        assertEquals(own.body().lines().findFirst(), haproxy.body().lines().findFirst());
        assertTrue(haproxy.body().startsWith("# pxname,svname,qcur,"), haproxy.body());
        assertEquals(Optional.of("text/plain; charset=UTF-8"),
                haproxy.headers().firstValue("Content-Type").map(StatsExportIT::normalized));
        assertSecurityHeaders(haproxy);
        assertEquals(servers(csvRows(own.body())), servers(csvRows(haproxy.body())));

        HttpResponse<String> json = get("/haproxy?stats;json", ADMIN_LOGIN);
        assertEquals(200, json.statusCode(), json.body());
        assertEquals(servers(csvRows(own.body())), servers(jsonRows(json.body())));
    }

    @Test
    void adminReadsJsonWithTheSameServers() throws Exception {
        HttpResponse<String> csv = get("/lodestar/stats.csv", ADMIN_LOGIN);
        HttpResponse<String> json = get("/lodestar/stats.json", ADMIN_LOGIN);
        assertEquals(200, json.statusCode(), json.body());
        assertTrue(json.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertSecurityHeaders(json);
        Map<String, Map<String, String>> rows = jsonRows(json.body());
        assertEquals(servers(csvRows(csv.body())), servers(rows));
        assertEquals("127.0.0.1:" + spark3.port(), rows.get("SRV_SPARK/spark3").get("addr"));
    }

    @Test
    void securityHeadersOnEveryOwnResponse() throws Exception {
        assertSecurityHeaders(get("/lodestar/stats.csv", VIEWER));
        assertSecurityHeaders(get("/lodestar/stats.csv", null));
        assertSecurityHeaders(get("/haproxy?stats;csv", null));
    }

    @Test
    void theHtmlPageIsNotThereYetAndSaysWhereTheExportsAre() throws Exception {
        HttpResponse<String> page = get("/haproxy?stats", VIEWER);
        assertEquals(404, page.statusCode(), page.body());
        assertTrue(page.body().contains("/lodestar/stats.csv") && page.body().contains("/lodestar/stats.json"),
                page.body());
        assertSecurityHeaders(page);
    }

    @Test
    void viewersMayOnlyRead() throws Exception {
        HttpResponse<String> post = client().http().send(request("/lodestar/stats.csv", VIEWER)
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, post.statusCode(), post.body());
        assertEquals(403, get("/lodestar/anything", VIEWER).statusCode());
    }

    // -------------------------------------------------------------------------------------------------

    private static final String ADMIN_LOGIN = "boss:adm1n";

    private static void assertSecurityHeaders(HttpResponse<String> response) {
        var headers = response.headers();
        assertEquals(Optional.of("nosniff"), headers.firstValue("X-Content-Type-Options"), headers.toString());
        assertEquals(Optional.of("no-store"), headers.firstValue("Cache-Control"), headers.toString());
        assertEquals(Optional.of("DENY"), headers.firstValue("X-Frame-Options"), headers.toString());
    }

    private Map<String, Map<String, String>> awaitCsv(String path, String login,
                                                      java.util.function.Predicate<Map<String, Map<String, String>>> done)
            throws Exception {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (true) {
            HttpResponse<String> response = get(path, login);
            assertEquals(200, response.statusCode(), response.body());
            assertEquals(Optional.of("text/plain; charset=UTF-8"),
                    response.headers().firstValue("Content-Type").map(StatsExportIT::normalized));
            Map<String, Map<String, String>> rows = csvRows(response.body());
            if (done.test(rows)) {
                return rows;
            }
            assertTrue(System.nanoTime() < deadline, "states never settled: " + response.body());
            Thread.sleep(100);
        }
    }

    private static String status(Map<String, Map<String, String>> rows, String server) {
        Map<String, String> row = rows.get("SRV_SPARK/" + server);
        return row == null ? null : row.get("status");
    }

    /** Rows by {@code pxname/svname}, fields by the names of the header line, as a script reads them. */
    private static Map<String, Map<String, String>> csvRows(String csv) {
        List<String> lines = csv.lines().toList();
        assertTrue(lines.get(0).startsWith("# pxname,svname,qcur,"), lines.get(0));
        List<String> names = Arrays.asList(lines.get(0).substring(2).split(",", -1));
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (String line : lines.subList(1, lines.size())) {
            String[] values = line.split(",", -1);
            assertEquals(names.size(), values.length, line);
            Map<String, String> row = new LinkedHashMap<>();
            for (int i = 0; i < names.size(); i++) {
                row.put(names.get(i), values[i]);
            }
            rows.put(row.get("pxname") + "/" + row.get("svname"), row);
        }
        return rows;
    }

    private static Map<String, Map<String, String>> jsonRows(String json) {
        Map<String, Map<String, String>> rows = new LinkedHashMap<>();
        for (Map<String, Object> object : new MiniJson(json).array()) {
            Map<String, String> row = new LinkedHashMap<>();
            object.forEach((k, v) -> row.put(k, String.valueOf(v)));
            rows.put(row.get("pxname") + "/" + row.get("svname"), row);
        }
        return rows;
    }

    /** The server rows' names and addresses. */
    private static List<String> servers(Map<String, Map<String, String>> rows) {
        List<String> servers = new ArrayList<>();
        rows.forEach((key, row) -> {
            if (!key.endsWith("/FRONTEND") && !key.endsWith("/BACKEND")) {
                servers.add(key + "@" + row.get("addr"));
            }
        });
        return servers;
    }

    private static String normalized(String contentType) {
        return contentType.replace(";charset", "; charset").replace("utf-8", "UTF-8");
    }

    private ProxyClient client() {
        return new ProxyClient(base, WAIT);
    }

    private HttpRequest.Builder request(String path, String login) {
        HttpRequest.Builder request = HttpRequest.newBuilder(client().url(path)).timeout(WAIT);
        if (login != null) {
            request.header("Authorization", "Basic "
                    + Base64.getEncoder().encodeToString(login.getBytes(StandardCharsets.UTF_8)));
        }
        return request;
    }

    private HttpResponse<String> get(String path, String login) throws IOException, InterruptedException {
        return client().http().send(request(path, login).build(), HttpResponse.BodyHandlers.ofString());
    }
}
