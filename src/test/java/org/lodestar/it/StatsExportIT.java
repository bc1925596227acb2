package org.lodestar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lodestar.it.Logins.ADMIN;
import static org.lodestar.it.Logins.VIEWER;

import java.io.IOException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
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
 * stats on every proxy) in front of three real backends, spark2 a STANDBY, plus the README's users: a userlist
 * with a viewer ({@code insecure-password}) and an administrator (a SHA-512 crypt hash, group {@code admin}),
 * let in by {@code stats http-request auth} and {@code stats admin} rules in the frontend.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class StatsExportIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String REALM = "HAProxy Statistics";
    private static final String HOSTILE_KEYWORD = "tune.<script>alert(1)</script>";

    private static ReferenceBackends sparks;

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        sparks = ReferenceBackends.start();
        sparks.spark2().role("STANDBY");
        // A refresh for the page, and an ignored global keyword whose warning the page must show escaped.
        String config = sparks.referenceConfig()
                .replace("  daemon\n", "  daemon\n  " + HOSTILE_KEYWORD + " 1\n")
                .replace("  stats    enable\n", "  stats    enable\n  stats    refresh 7s\n");
        return Deployments.lodestarWith("stats.war", Deployments.withStatsUsers(config));
    }

    @AfterAll
    static void stopBackends() {
        if (sparks != null) {
            sparks.close();
        }
    }

    @AfterEach
    void noExportReachedABackend() {
        for (TestBackend backend : sparks.all()) {
            assertNull(backend.last(), backend.name() + " received " + backend.last());
        }
    }

    @Test
    void anonymousAndWrongPasswordsGet401WithTheRealm() throws Exception {
        for (String path : List.of("/lodestar/stats.csv", "/lodestar/stats.json", "/lodestar/metrics",
                "/haproxy?stats;csv",
                "/haproxy?stats;json", "/haproxy?stats", "/lodestar/anything", "/lodestar/", "/lodestar/stats",
                "/lodestar/ui/stats.xhtml")) {
            for (Optional<String> user : List.of(Optional.<String>empty(), Optional.of("viewer:wrong"),
                    Optional.of("nobody:s3cret"), Optional.of("boss:wrong"), Optional.of("boss:s3cret"))) {
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
        assertEquals("127.0.0.1:" + sparks.spark1().port(), rows.get("SRV_SPARK/spark1").get("addr"));
        assertEquals("127.0.0.1:" + sparks.spark2().port(), rows.get("SRV_SPARK/spark2").get("addr"));
        assertEquals("127.0.0.1:" + sparks.spark3().port(), rows.get("SRV_SPARK/spark3").get("addr"));
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

        HttpResponse<String> json = get("/haproxy?stats;json", ADMIN);
        assertEquals(200, json.statusCode(), json.body());
        assertEquals(servers(csvRows(own.body())), servers(jsonRows(json.body())));
    }

    @Test
    void viewerScrapesPrometheusMetricsWithServerStates() throws Exception {
        awaitCsv("/lodestar/stats.csv", VIEWER, r -> "UP".equals(status(r, "spark1"))
                && "DOWN".equals(status(r, "spark2")) && "UP".equals(status(r, "spark3")));
        HttpResponse<String> metrics = get("/lodestar/metrics", VIEWER);
        assertEquals(200, metrics.statusCode(), metrics.body());
        assertEquals(Optional.of("text/plain; version=0.0.4; charset=utf-8"),
                metrics.headers().firstValue("Content-Type").map(t -> t.replace(";charset", "; charset")
                        .replace(";version", "; version").replace("UTF-8", "utf-8")));
        assertSecurityHeaders(metrics);
        List<String> lines = metrics.body().lines().toList();
        assertTrue(lines.contains("lodestar_server_up{proxy=\"SRV_SPARK\",server=\"spark1\"} 1.0"), metrics.body());
        assertTrue(lines.contains("lodestar_server_up{proxy=\"SRV_SPARK\",server=\"spark2\"} 0.0"), metrics.body());
        assertTrue(lines.contains("lodestar_server_up{proxy=\"SRV_SPARK\",server=\"spark3\"} 1.0"), metrics.body());
        assertTrue(lines.contains("lodestar_backend_up{proxy=\"SRV_SPARK\"} 1.0"), metrics.body());
        assertTrue(lines.contains("# TYPE lodestar_server_sessions_total counter"), metrics.body());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("lodestar_frontend_sessions_total{proxy=\"MGMTSRV\"} ")),
                metrics.body());

        assertEquals(200, get("/lodestar/metrics", ADMIN).statusCode());
        HttpResponse<String> anonymous = get("/lodestar/metrics", null);
        assertEquals(401, anonymous.statusCode(), anonymous.body());
        assertFalse(anonymous.body().contains("lodestar_server_up"), anonymous.body());
    }

    @Test
    void adminReadsJsonWithTheSameServers() throws Exception {
        HttpResponse<String> csv = get("/lodestar/stats.csv", ADMIN);
        HttpResponse<String> json = get("/lodestar/stats.json", ADMIN);
        assertEquals(200, json.statusCode(), json.body());
        assertTrue(json.headers().firstValue("Content-Type").orElse("").startsWith("application/json"));
        assertSecurityHeaders(json);
        Map<String, Map<String, String>> rows = jsonRows(json.body());
        assertEquals(servers(csvRows(csv.body())), servers(rows));
        assertEquals("127.0.0.1:" + sparks.spark3().port(), rows.get("SRV_SPARK/spark3").get("addr"));
    }

    @Test
    void securityHeadersOnEveryOwnResponse() throws Exception {
        assertSecurityHeaders(get("/lodestar/stats.csv", VIEWER));
        assertSecurityHeaders(get("/lodestar/stats.csv", null));
        assertSecurityHeaders(get("/haproxy?stats;csv", null));
    }

    @Test
    void viewerSeesTheHtmlPageRenderedByFaces() throws Exception {
        awaitCsv("/lodestar/stats.csv", VIEWER, r -> "UP".equals(status(r, "spark1"))
                && "DOWN".equals(status(r, "spark2")) && "UP".equals(status(r, "spark3")));
        HttpResponse<String> page = get("/lodestar/", VIEWER);
        assertEquals(200, page.statusCode(), page.body());
        assertTrue(page.headers().firstValue("Content-Type").orElse("").startsWith("text/html"),
                page.headers().toString());
        assertSecurityHeaders(page);
        assertEquals(Optional.empty(), page.headers().firstValue("Set-Cookie"), "a read-only page needs no session");
        String html = page.body();
        assertFalse(html.contains("<h:") || html.contains("xmlns:h") || html.contains("xmlns:ui")
                || html.contains("#{"), "Faces did not process the page: " + html);
        for (String section : List.of("MGMTSRV", "SRV_SPARK")) {
            assertTrue(html.contains(">" + section + "<"), section + " missing: " + html);
        }
        for (String column : List.of(">Queue<", ">Session rate<", ">Sessions<", ">Bytes<", ">Denied<",
                ">Errors<", ">Warnings<", ">Server<", ">LastChk<", ">Dwntme<", ">Thrtle<")) {
            assertTrue(html.contains(column), column + " missing");
        }
        String spark1 = serverRow(html, "spark1");
        assertTrue(spark1.contains("class=\"active_up\""), spark1);
        assertTrue(spark1.matches("(?s).*<td class=\"status\">[0-9dhms]+ UP</td>.*"), spark1);
        assertTrue(spark1.contains("L7OK/200 in "), spark1);
        assertTrue(spark1.contains("title=\"Layer7 check passed: 200"), spark1);
        String spark2 = serverRow(html, "spark2");
        assertTrue(spark2.contains("class=\"active_down\""), spark2);
        assertTrue(spark2.matches("(?s).*<td class=\"status\">[0-9dhms]+ DOWN</td>.*"), spark2);
        assertTrue(spark2.contains("L7RSP/200 in "), spark2);
        assertTrue(serverRow(html, "spark3").contains("class=\"active_up\""));
        assertTrue(html.contains("<meta http-equiv=\"refresh\" content=\"7\""), html);
        assertTrue(html.contains("jakarta.faces.resource/stats.css"), html);
        assertFalse(html.contains("jsessionid"), html);
    }

    @Test
    void processInformationSaysWhichConnectorProtectionsAreOn() throws Exception {
        get("/lodestar/", VIEWER); // the listener is watched from the first request on
        String html = get("/lodestar/", VIEWER).body();
        assertTrue(html.contains("<td class=\"connector\">"), "not degraded: " + html);
        assertTrue(html.matches("(?s).*<div>Grizzly connector binding on Payara Micro[^<]*</div>.*"), html);
        assertTrue(html.contains("<div>client connection cut: on "), html);
        assertTrue(html.contains("<div>request target as sent: on "), html);
        assertTrue(html.contains("<div>timeout http-request: enforced</div>"), html);
    }

    @Test
    void configurationWarningsAreShownEscaped() throws Exception {
        String html = get("/lodestar/", VIEWER).body();
        assertTrue(html.contains("tune.&lt;script&gt;alert(1)&lt;/script&gt;"), html);
        assertFalse(html.contains("<script>alert"), html);
    }

    /**
     * Issue 12, item 4: health checks that start late make fail-over slower than configured, and the page
     * says so plainly. The server is stopped (SIGSTOP) for two seconds, so the checks due meanwhile (the
     * DOWN spark2's every 250 ms) start about that late.
     */
    @Test
    void lateHealthChecksAreShownOnThePage() throws Exception {
        awaitCsv("/lodestar/stats.csv", VIEWER, r -> "DOWN".equals(status(r, "spark2")));
        ManagedServer.pause(Duration.ofSeconds(2));
        Pattern late = Pattern.compile("<td class=\"check-lateness\">health checks start up to (\\d+) ms late"
                + " \\(last \\d+ s ago\\): fail-over is slower than configured</td>");
        long deadline = System.nanoTime() + WAIT.toNanos();
        String html;
        Matcher shown;
        while (true) {
            html = get("/lodestar/", VIEWER).body();
            shown = late.matcher(html);
            if (shown.find() || System.nanoTime() > deadline) {
                break;
            }
            Thread.sleep(250);
        }
        assertTrue(late.matcher(html).find(), "no lateness on the page:\n" + html);
        assertTrue(Integer.parseInt(shown.group(1)) >= 1000, "checks held up 2 s, shown as " + shown.group(1) + " ms");
    }

    @Test
    void haproxyStatsUriShowsTheSamePage() throws Exception {
        for (String path : List.of("/haproxy?stats", "/lodestar/stats")) {
            HttpResponse<String> page = get(path, VIEWER);
            assertEquals(200, page.statusCode(), path + ": " + page.body());
            assertSecurityHeaders(page);
            assertTrue(page.body().contains("Statistics Report for Lodestar"), page.body());
            assertTrue(page.body().contains(">spark1<") && page.body().contains(">MGMTSRV<"), page.body());
        }
        HttpResponse<String> admin = get("/haproxy?stats", ADMIN);
        assertEquals(200, admin.statusCode(), admin.body());
    }

    @Test
    void scopeShowsOnlyMatchingProxies() throws Exception {
        for (String path : List.of("/lodestar/?scope=mgmt", "/haproxy?stats;scope=MGMTSRV")) {
            String html = get(path, VIEWER).body();
            assertTrue(html.contains(">MGMTSRV<"), path + ": " + html);
            assertFalse(html.contains(">SRV_SPARK<") || html.contains(">spark1<"), path + ": " + html);
        }
    }

    @Test
    void hideDownLeavesOutDownServers() throws Exception {
        awaitCsv("/lodestar/stats.csv", VIEWER, r -> "DOWN".equals(status(r, "spark2")));
        for (String path : List.of("/lodestar/?up=1", "/haproxy?stats;up")) {
            String html = get(path, VIEWER).body();
            assertTrue(html.contains(">spark1<"), path + ": " + html);
            assertFalse(html.contains(">spark2<"), path + ": " + html);
        }
    }

    @Test
    void stylesheetIsAFacesResourceForViewers() throws Exception {
        String html = get("/lodestar/", VIEWER).body();
        java.util.regex.Matcher link = java.util.regex.Pattern
                .compile("href=\"[^\"]*(/lodestar/ui/jakarta\\.faces\\.resource/stats\\.css[^\"]*)\"").matcher(html);
        assertTrue(link.find(), html);
        HttpResponse<String> css = get(link.group(1).replace("&amp;", "&"), VIEWER);
        assertEquals(200, css.statusCode(), css.body());
        assertTrue(css.body().contains(".active_up"), css.body());
        assertEquals(401, get(link.group(1).replace("&amp;", "&"), null).statusCode());
    }

    @Test
    void theUserlistIsNeverAProxyOnThePageNorInTheExports() throws Exception {
        Map<String, Map<String, String>> rows = csvRows(get("/lodestar/stats.csv", ADMIN).body());
        assertEquals(List.of("MGMTSRV", "SRV_SPARK"),
                rows.values().stream().map(row -> row.get("pxname")).distinct().toList());
        assertEquals(List.copyOf(rows.keySet()), List.copyOf(jsonRows(get("/lodestar/stats.json", VIEWER).body()).keySet()));
        for (String path : List.of("/lodestar/stats.csv", "/lodestar/stats.json", "/lodestar/metrics")) {
            String body = get(path, VIEWER).body();
            assertFalse(body.contains("stats-auth") || body.contains("boss") || body.contains("viewer"), path + ": " + body);
        }
        for (String path : List.of("/lodestar/", "/haproxy?stats")) {
            String body = get(path, VIEWER).body();
            assertFalse(body.contains("proxy-stats-auth") || body.contains(">stats-auth<") || body.contains(">boss<")
                    || body.contains(">viewer<"), path + ": " + body);
        }
        HttpResponse<String> page = get("/lodestar/", VIEWER);
        assertTrue(page.body().contains("insecure-password"), "the plain-text password's warning: " + page.body());
        assertFalse(page.body().contains("s3cret"), "the warning does not repeat the password: " + page.body());
    }

    @Test
    void theHashedAdministratorMayActAndTheInsecureViewerOnlyReads() throws Exception {
        // The admin's page carries the action forms and their token; the viewer's does not.
        for (int i = 0; i < 3; i++) {
            HttpResponse<String> admin = get("/lodestar/", ADMIN);
            assertEquals(200, admin.statusCode(), admin.body());
            assertTrue(admin.body().contains("name=\"csrf\""), admin.body());
        }
        HttpResponse<String> viewer = get("/lodestar/", VIEWER);
        assertEquals(200, viewer.statusCode(), viewer.body());
        assertFalse(viewer.body().contains("name=\"csrf\""), viewer.body());
        HttpResponse<String> reload = client().http().send(request("/lodestar/reload", VIEWER)
                .POST(HttpRequest.BodyPublishers.noBody()).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, reload.statusCode(), reload.body());
    }

    @Test
    void viewersMayOnlyRead() throws Exception {
        HttpResponse<String> post = client().http().send(request("/lodestar/stats.csv", VIEWER)
                .POST(HttpRequest.BodyPublishers.ofString("x")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(403, post.statusCode(), post.body());
        assertEquals(403, get("/lodestar/anything", VIEWER).statusCode());
    }

    // -------------------------------------------------------------------------------------------------


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

    /** The page's table row of a server. */
    private static String serverRow(String html, String server) {
        int name = html.indexOf(">" + server + "</td>");
        assertTrue(name > 0, server + " missing: " + html);
        return html.substring(html.lastIndexOf("<tr", name), html.indexOf("</tr>", name));
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
            request.header("Authorization", Logins.basic(login));
        }
        return request;
    }

    private HttpResponse<String> get(String path, String login) throws IOException, InterruptedException {
        return client().http().send(request(path, login).build(), HttpResponse.BodyHandlers.ofString());
    }
}
