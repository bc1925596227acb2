package org.lodestar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;
import static org.lodestar.it.Logins.ADMIN;
import static org.lodestar.it.Logins.VIEWER;

import java.io.File;
import java.io.IOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URL;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import org.jboss.arquillian.container.test.api.Deployer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.OperateOnDeployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.container.test.api.TargetsContainer;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;
import org.openqa.selenium.By;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.TakesScreenshot;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.Select;

/**
 * The dashboard in a real headless Chromium (Debian's {@code chromium} and {@code chromedriver}), on the
 * reference configuration in front of three backends: spark1 the leader, spark2 a standby, spark3 alive
 * but drained by the state file the deployment starts with. A viewer and an administrator ({@code boss}, in the
 * userlist's group {@code admin}, with a hashed password) log in with HTTP Basic credentials in the URL.
 *
 * <p>The tests run in order and build on each other: the administrator's MAINT on the leader is what
 * the redeploy must keep; the reloads change the configuration file the others ran on. The deployment is
 * unmanaged so that one test can undeploy and deploy it again (on Payara Micro managed, that stops and
 * starts the server process). It runs on the arquillian.xml container that names its configuration file
 * ({@code -Dlodestar.config}, the file at {@code lodestar.itConfigFile}), so that "Reload configuration"
 * reads a changed file as it would for an operator.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DashboardIT {
    private static final String DASHBOARD = "dashboard";
    private static final Path CHROMIUM = Path.of("/usr/bin/chromium");
    private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final String REDEPLOY = "redeploy";
    private static final String CONFIG_FILE_CONTAINER = "payara-micro-config-file";

    private static ReferenceBackends sparks;
    private static TestBackend spark4;
    private static Path stateFile;
    private static Path configFile;
    private static String config;
    private static boolean deployed;

    @ArquillianResource
    private Deployer deployer;

    @Deployment(name = DASHBOARD, managed = false, testable = false)
    @TargetsContainer(CONFIG_FILE_CONTAINER)
    static WebArchive deployment() throws IOException {
        sparks = ReferenceBackends.start();
        sparks.spark2().role("STANDBY");
        Path directory = Files.createTempDirectory("lodestar-dashboard-it");
        stateFile = directory.resolve("servers.state");
        // spark3 drained; and a server that is no longer configured, which must only give a warning.
        Files.writeString(stateFile, "1\nSRV_SPARK spark3 DRAIN 1 enabled\nSRV_OLD ghost MAINT 1 enabled\n");
        config = sparks.referenceConfig()
                .replace("  daemon\n", "  daemon\n  server-state-file " + stateFile + "\n");
        config = Deployments.withStatsUsers(config);
        configFile = Path.of(System.getProperty("lodestar.itConfigFile")).toAbsolutePath();
        Files.createDirectories(configFile.getParent());
        Files.writeString(configFile, config);
        return Deployments.lodestar("dashboard.war");
    }

    @AfterAll
    static void stopBackends() {
        TestBackend.closeAll(spark4);
        if (sparks != null) {
            sparks.close();
        }
    }

    /** Deploys before the first test; before a test tagged {@value #REDEPLOY}, undeploys and deploys again. */
    @BeforeEach
    void deploy(TestInfo test) {
        if (deployed && test.getTags().contains(REDEPLOY)) {
            deployer.undeploy(DASHBOARD);
            deployed = false;
        }
        if (!deployed) {
            deployer.deploy(DASHBOARD);
            deployed = true;
        }
    }

    @Test
    @Order(1)
    void anonymousUsersAreRefusedWith401(@ArquillianResource @OperateOnDeployment(DASHBOARD) URL base)
            throws Exception {
        ProxyClient client = new ProxyClient(base, WAIT);
        for (String path : List.of("/lodestar/", "/haproxy?stats", "/lodestar/admin")) {
            HttpResponse<String> response = client.get(path);
            assertEquals(401, response.statusCode(), path);
            assertFalse(response.body().contains("spark1"), response.body());
        }
        withBrowser(null, base, browser -> {
            browser.get(url(base, null, "/lodestar/"));
            assertTrue(browser.findElements(By.cssSelector("table.proxy")).isEmpty(), browser.getPageSource());
            return null;
        });
    }

    @Test
    @Order(2)
    void viewerSeesThreeServersInTheirStatesAndColoursButNoActions(
            @ArquillianResource @OperateOnDeployment(DASHBOARD) URL base) throws Exception {
        withBrowser(VIEWER, base, browser -> {
            awaitRowClasses(browser, base, VIEWER, "active_up", "active_down", "active_nolb");
            assertEquals("DRAIN", statusOf(browser, "spark3").replaceAll("^\\S+ ", ""));
            assertTrue(statusOf(browser, "spark1").endsWith("UP"), statusOf(browser, "spark1"));
            assertTrue(statusOf(browser, "spark2").endsWith("DOWN"), statusOf(browser, "spark2"));
            assertTrue(browser.findElements(By.cssSelector("input[type=checkbox]")).isEmpty());
            assertTrue(browser.findElements(By.cssSelector("form.admin")).isEmpty());
            assertTrue(browser.findElements(By.name("csrf")).isEmpty());
            assertTrue(browser.findElements(By.id("reload")).isEmpty(), "no Reload configuration button");
            assertEquals(configFile.toString(), browser.findElement(By.cssSelector("td.config")).getText());
            assertEquals(List.of("proxy-MGMTSRV", "proxy-SRV_SPARK"), browser.findElements(By.cssSelector("table.proxy"))
                    .stream().map(table -> table.getAttribute("id")).toList(), "the userlist is no proxy");
            assertTrue(browser.findElement(By.cssSelector("table.timeline")).getText()
                    .contains("restored from the state file set state to DRAIN"));
            String warnings = browser.findElement(By.cssSelector("ul.warnings")).getText();
            assertTrue(warnings.contains("server SRV_OLD/ghost is no longer in the configuration"), warnings);
            return null;
        });
    }

    @Test
    @Order(3)
    void adminPutsTheLeaderInMaintenanceAndTrafficStopsReachingIt(
            @ArquillianResource @OperateOnDeployment(DASHBOARD) URL base) throws Exception {
        ProxyClient client = new ProxyClient(base, WAIT);
        for (int i = 0; i < 5; i++) {
            assertEquals(200, client.get("/spark/").statusCode(), "the leader serves before its maintenance");
        }
        assertEquals("/", sparks.spark1().last().rawTarget());
        withBrowser(ADMIN, base, browser -> {
            awaitRowClasses(browser, base, ADMIN, "active_up", "active_down", "active_nolb");
            assertEquals("Reload configuration", browser.findElement(By.cssSelector("#reload button")).getText());
            row(browser, "spark1").findElement(By.cssSelector("input[type=checkbox]")).click();
            WebElement form = browser.findElement(By.id("admin-SRV_SPARK"));
            new Select(form.findElement(By.name("action"))).selectByValue("maint");
            form.findElement(By.cssSelector("button[type=submit]")).click();

            WebElement banner = awaitElement(browser, By.id("admin-result"));
            assertEquals("SRV_SPARK/spark1: state READY → MAINT", banner.getText());
            assertTrue(browser.getCurrentUrl().contains("?result="), "POST-redirect-GET: " + browser.getCurrentUrl());
            assertEquals("maint", row(browser, "spark1").getAttribute("class"));
            assertEquals("MAINT", statusOf(browser, "spark1").replaceAll("^\\S+ ", ""));
            String timeline = browser.findElement(By.cssSelector("table.timeline")).getText();
            assertTrue(timeline.contains("SRV_SPARK/spark1 READY MAINT admin boss set state to MAINT"), timeline);
            // target/ by default, so that a test run leaves the committed docs/dashboard.png alone; the README's
            // screenshot is refreshed with -Dlodestar.screenshot=docs/dashboard.png.
            screenshot(browser, Path.of(System.getProperty("lodestar.screenshot", "target/dashboard.png")));
            return null;
        });
        sparks.spark1().forgetLast();
        sparks.spark3().forgetLast();
        for (int i = 0; i < 5; i++) {
            assertEquals(503, client.get("/spark/").statusCode(), "no server left: spark2 standby, spark3 drained");
        }
        assertNull(sparks.spark1().last(), "the leader in maintenance received " + sparks.spark1().last());
        assertNull(sparks.spark3().last(), "the drained server received " + sparks.spark3().last());
    }

    @Test
    @Order(4)
    void forgedPostsAndGetsOfTheActionAreRefusedWith403(@ArquillianResource @OperateOnDeployment(DASHBOARD) URL base)
            throws Exception {
        ProxyClient client = new ProxyClient(base, WAIT);
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        // A session of the admin's own, so only the token is missing or wrong.
        HttpResponse<String> page = http.send(authorized(client.url("/lodestar/"), ADMIN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(200, page.statusCode());
        assertTrue(page.body().contains("name=\"csrf\""), "the admin's page carries the token");
        String action = "s=SRV_SPARK%2Fspark2&action=maint";
        for (String body : List.of(action, action + "&csrf=forged")) {
            HttpResponse<String> response = http.send(authorized(client.url("/lodestar/admin"), ADMIN)
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(403, response.statusCode(), body);
            assertFalse(response.body().contains("Exception"), response.body());
        }
        HttpResponse<String> get = http.send(authorized(client.url("/lodestar/admin?" + action), ADMIN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, get.statusCode());
        String token = page.body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        HttpResponse<String> viewer = http.send(authorized(client.url("/lodestar/admin"), VIEWER)
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(action + "&csrf="
                        + URLEncoder.encode(token, StandardCharsets.UTF_8))).build(),
                HttpResponse.BodyHandlers.ofString());
        assertEquals(403, viewer.statusCode(), "a viewer may not act, token or not");
        HttpResponse<String> csv = http.send(authorized(client.url("/lodestar/stats.csv"), VIEWER).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(csv.body().lines().anyMatch(line -> line.startsWith("SRV_SPARK,spark2,") && line.contains(",DOWN,")),
                "spark2 untouched: " + csv.body());
    }

    @Test
    @Order(5)
    @Tag(REDEPLOY)
    void settingsSurviveARedeployThroughTheStateFile(@ArquillianResource @OperateOnDeployment(DASHBOARD) URL base)
            throws Exception {
        String saved = Files.readString(stateFile);
        assertTrue(saved.contains("SRV_SPARK spark1 MAINT 1 enabled"), saved);
        assertTrue(saved.contains("SRV_SPARK spark3 DRAIN 1 enabled"), saved);
        withBrowser(VIEWER, base, browser -> {
            awaitRowClasses(browser, base, VIEWER, "maint", "active_down", "active_nolb");
            String timeline = browser.findElement(By.cssSelector("table.timeline")).getText();
            assertTrue(timeline.contains("restored from the state file set state to MAINT"), timeline);
            return null;
        });
        ProxyClient client = new ProxyClient(base, WAIT);
        sparks.spark1().forgetLast();
        assertEquals(503, client.get("/spark/").statusCode());
        assertNull(sparks.spark1().last(), "still in maintenance after the redeploy");

        withBrowser(ADMIN, base, browser -> {
            row(browser, "spark1").findElement(By.cssSelector("input[type=checkbox]")).click();
            WebElement form = browser.findElement(By.id("admin-SRV_SPARK"));
            new Select(form.findElement(By.name("action"))).selectByValue("ready");
            form.findElement(By.cssSelector("button[type=submit]")).click();
            assertEquals("SRV_SPARK/spark1: state MAINT → READY", awaitElement(browser, By.id("admin-result")).getText());
            return null;
        });
        assertEquals(200, awaitStatus(client, 200), "back to READY, the leader is checked again and takes traffic");
        assertEquals("/", sparks.spark1().last().rawTarget());
        assertFalse(Files.readString(stateFile).contains("spark1"), "nothing left to keep for spark1");
    }

    @Test
    @Order(6)
    void adminReloadsTheChangedConfigFileAndThePageShowsTheNewServer(
            @ArquillianResource @OperateOnDeployment(DASHBOARD) URL base) throws Exception {
        spark4 = new TestBackend("spark4");
        spark4.role("STANDBY");
        String spark3Line = "127.0.0.1:" + sparks.spark3().port() + " check inter 10s rise 2 fall 2\n";
        assertTrue(config.contains(spark3Line), config);
        config = config.replace(spark3Line, spark3Line + "  server  spark4 127.0.0.1:" + spark4.port()
                + " check inter 10s rise 2 fall 2\n");
        Files.writeString(configFile, config);

        ProxyClient client = new ProxyClient(base, WAIT);
        HttpClient http = HttpClient.newBuilder().cookieHandler(new CookieManager()).build();
        HttpResponse<String> page = http.send(authorized(client.url("/lodestar/"), ADMIN).build(),
                HttpResponse.BodyHandlers.ofString());
        assertTrue(page.body().contains("Reload configuration"), page.body());
        String token = page.body().replaceAll("(?s).*name=\"csrf\" value=\"([^\"]+)\".*", "$1");
        List<HttpRequest> forged = List.of(
                form(client.url("/lodestar/admin"), ADMIN, "action=reload"),
                form(client.url("/lodestar/admin"), ADMIN, "action=reload&csrf=forged"),
                form(client.url("/lodestar/admin"), VIEWER, "action=reload&csrf="
                        + URLEncoder.encode(token, StandardCharsets.UTF_8)),
                authorized(client.url("/lodestar/admin?action=reload&csrf="
                        + URLEncoder.encode(token, StandardCharsets.UTF_8)), ADMIN).build());
        for (HttpRequest request : forged) {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(403, response.statusCode(), request.toString());
            assertFalse(response.body().contains("Exception"), response.body());
        }
        HttpResponse<String> csv = http.send(authorized(client.url("/lodestar/stats.csv"), VIEWER).build(),
                HttpResponse.BodyHandlers.ofString());
        assertFalse(csv.body().contains("spark4"), "a refused POST reloaded nothing: " + csv.body());

        withBrowser(ADMIN, base, browser -> {
            assertTrue(browser.findElements(rowLocator("spark4")).isEmpty(), "not configured yet");
            browser.findElement(By.cssSelector("#reload button")).click();
            WebElement banner = awaitElement(browser, By.id("admin-result"));
            assertEquals("banner applied", banner.getAttribute("class"));
            assertTrue(banner.getText().startsWith("Reloaded " + configFile + ": 1 frontend(s), 1 backend(s)."),
                    banner.getText());
            assertTrue(browser.getCurrentUrl().contains("?result="), "POST-redirect-GET: " + browser.getCurrentUrl());
            assertEquals("spark4", row(browser, "spark4").findElement(By.cssSelector("td.name")).getText().strip());
            // Health starts afresh on the new configuration; the drain of spark3 was kept across the reload.
            awaitRowClasses(browser, base, ADMIN, "active_up", "active_down", "active_nolb");
            return null;
        });
        assertEquals(200, awaitStatus(client, 200), "the leader serves on the new configuration");
    }

    @Test
    @Order(7)
    void brokenConfigFileIsRefusedWithEveryFileLineErrorAndTheRunningOneStays(
            @ArquillianResource @OperateOnDeployment(DASHBOARD) URL base) throws Exception {
        String broken = config.replaceFirst("\nglobal\n", "\nglobal\n  frobnicate\n  <b>bold</b>\n")
                .replace("  server  spark4 ", "  server  spark5 ");
        assertFalse(broken.equals(config));
        List<String> lines = broken.lines().toList();
        Files.writeString(configFile, broken);
        withBrowser(ADMIN, base, browser -> {
            browser.findElement(By.cssSelector("#reload button")).click();
            WebElement banner = awaitElement(browser, By.id("admin-result"));
            assertEquals("banner refused", banner.getAttribute("class"));
            List<String> shown = banner.getText().lines().toList();
            assertEquals("Reload of " + configFile + " refused, the running configuration stays:", shown.get(0));
            assertEquals(3, shown.size(), banner.getText());
            assertTrue(shown.get(1).startsWith(configFile + ":" + (lines.indexOf("  frobnicate") + 1)
                    + ": unknown keyword 'frobnicate'"), shown.get(1));
            assertTrue(shown.get(2).startsWith(configFile + ":" + (lines.indexOf("  <b>bold</b>") + 1)
                    + ": unknown keyword '<b>bold</b>'"), shown.get(2));
            assertTrue(banner.findElements(By.tagName("b")).isEmpty(), "the file's text is escaped, not markup");
            assertFalse(browser.getPageSource().contains("Exception"));
            assertEquals("spark4", row(browser, "spark4").findElement(By.cssSelector("td.name")).getText().strip());
            assertTrue(browser.findElements(rowLocator("spark5")).isEmpty(), "nothing of the broken file runs");
            return null;
        });
        assertEquals(200, awaitStatus(new ProxyClient(base, WAIT), 200), "the running configuration serves");
        Files.writeString(configFile, config);
    }

    // ---------------------------------------------------------------- browser

    private static <T> T withBrowser(String user, URL base, Function<WebDriver, T> use) throws IOException {
        assumeTrue(Files.isExecutable(CHROMIUM) && Files.isExecutable(CHROMEDRIVER),
                "needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does)");
        ChromeOptions options = new ChromeOptions();
        options.setBinary(CHROMIUM.toFile());
        options.addArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                "--window-size=1400,1700", "--force-prefers-color-scheme=light");
        ChromeDriverService service = new ChromeDriverService.Builder()
                .usingDriverExecutable(new File(CHROMEDRIVER.toString())).usingAnyFreePort().build();
        WebDriver browser = new ChromeDriver(service, options);
        try {
            browser.manage().timeouts().pageLoadTimeout(WAIT);
            if (user != null) {
                browser.get(url(base, user, "/lodestar/"));
            }
            return use.apply(browser);
        } finally {
            browser.quit();
        }
    }

    /** {@code path} under the deployment, with {@code user:password@} when a user is given. */
    private static String url(URL base, String user, String path) {
        String context = base.getPath().endsWith("/") ? base.getPath().substring(0, base.getPath().length() - 1)
                : base.getPath();
        return "http://" + (user == null ? "" : user + "@") + "127.0.0.1:" + base.getPort() + context + path;
    }

    /** Reloads the page until spark1..3 have these row classes (the checks take a moment after start). */
    private static void awaitRowClasses(WebDriver browser, URL base, String user, String... classes) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        String seen = "";
        while (System.nanoTime() < deadline) {
            browser.get(url(base, user, "/lodestar/"));
            List<WebElement> rows = browser.findElements(By.cssSelector("#proxy-SRV_SPARK tbody tr"));
            if (!rows.isEmpty()) {
                seen = String.join(" ", classOf(browser, "spark1"), classOf(browser, "spark2"),
                        classOf(browser, "spark3"));
                if (seen.equals(String.join(" ", classes))) {
                    return;
                }
            }
            pause();
        }
        throw new AssertionError("rows never had classes " + List.of(classes) + "; last seen: " + seen
                + "\n" + browser.getPageSource());
    }

    private static String classOf(WebDriver browser, String server) {
        List<WebElement> rows = browser.findElements(rowLocator(server));
        return rows.isEmpty() ? "(none)" : rows.get(0).getAttribute("class");
    }

    private static WebElement row(WebDriver browser, String server) {
        return browser.findElement(rowLocator(server));
    }

    private static By rowLocator(String server) {
        return By.xpath("//table[@id='proxy-SRV_SPARK']//tr[td[@class='name' and normalize-space(.)='" + server
                + "']]");
    }

    private static String statusOf(WebDriver browser, String server) {
        return row(browser, server).findElement(By.cssSelector("td.status")).getText().strip();
    }

    private static WebElement awaitElement(WebDriver browser, By locator) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            List<WebElement> found = browser.findElements(locator);
            if (!found.isEmpty()) {
                return found.get(0);
            }
            pause();
        }
        throw new AssertionError(locator + " never appeared:\n" + browser.getPageSource());
    }

    private static void screenshot(WebDriver browser, Path target) {
        try {
            Files.createDirectories(target.getParent());
            Files.write(target, ((TakesScreenshot) browser).getScreenshotAs(OutputType.BYTES));
        } catch (IOException e) {
            throw new AssertionError("cannot save the screenshot to " + target, e);
        }
    }

    private static void pause() {
        try {
            Thread.sleep(250);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }

    /** Asks for {@code /spark/} until it answers {@code wanted} or {@link #WAIT} passed; the last status. */
    private static int awaitStatus(ProxyClient client, int wanted) throws IOException, InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        int status = client.get("/spark/").statusCode();
        while (status != wanted && System.nanoTime() < deadline) {
            pause();
            status = client.get("/spark/").statusCode();
        }
        return status;
    }

    private static HttpRequest form(URI uri, String user, String body) {
        return authorized(uri, user).header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
    }

    private static HttpRequest.Builder authorized(URI uri, String user) {
        return HttpRequest.newBuilder(uri).timeout(WAIT).header("Authorization", Logins.basic(user));
    }
}
