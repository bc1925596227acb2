package org.lodestar.health;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lodestar.testing.Fixtures.httpchk;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lodestar.config.HealthCheck;
import org.lodestar.config.Server;
import org.lodestar.server.CheckCode;
import org.lodestar.server.CheckResult;
import org.lodestar.testing.Fixtures;

/** Runs checks with the Jersey client against real servers on the loopback interface. */
class HttpCheckTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    /** For checks that end at once, where the timeout is not what is tested: a loaded machine stays green. */
    private static final Duration NOT_THE_POINT = Duration.ofSeconds(10);
    private static final long MARGIN_MILLIS = 2000;
    private static final String ALIVE_RULE = "rstring .+Status.+ALIVE.+";
    private static final String LEADER_PAGE = "<html><ul>\n<li><strong>Status:</strong> ALIVE</li>\n</ul></html>";
    private static final long HUNDRED_MB = 100L * 1024 * 1024;

    private HttpServer http;
    private ExecutorService httpThreads;
    private ExecutorService checkThreads;
    private Client client;
    private HttpCheck check;
    private final AtomicLong hugeBytesSent = new AtomicLong();
    private final AtomicReference<String> seenRequest = new AtomicReference<>();

    @BeforeEach
    void start() throws IOException {
        httpThreads = Executors.newCachedThreadPool();
        http = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        http.setExecutor(httpThreads);
        http.createContext("/", exchange -> respond(exchange, 200, LEADER_PAGE));
        http.createContext("/standby", exchange -> respond(exchange, 200, LEADER_PAGE.replace("ALIVE", "STANDBY")));
        http.createContext("/error", exchange -> respond(exchange, 500, "boom"));
        http.createContext("/redirect", exchange -> {
            exchange.getResponseHeaders().add("Location", "/error");
            respond(exchange, 302, "");
        });
        http.createContext("/echo", exchange -> {
            seenRequest.set(exchange.getRequestMethod() + " " + exchange.getRequestURI() + " "
                    + exchange.getRequestHeaders().getFirst("X-Lodestar-Probe"));
            respond(exchange, 200, "");
        });
        http.createContext("/huge", this::sendHundredMegabytes);
        http.createContext("/trickle", HttpCheckTest::trickle);
        http.start();
        checkThreads = Executors.newCachedThreadPool();
        client = ClientBuilder.newBuilder().connectTimeout(2, TimeUnit.SECONDS).readTimeout(5, TimeUnit.SECONDS)
                .build();
        check = new HttpCheck(client, checkThreads);
    }

    @AfterEach
    void stop() {
        client.close();
        http.stop(0);
        httpThreads.shutdownNow();
        checkThreads.shutdownNow();
    }

    private static void respond(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(UTF_8);
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** 100 MB generated on the fly; counts what actually left before the client hung up. */
    private void sendHundredMegabytes(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, HUNDRED_MB);
        byte[] chunk = new byte[64 * 1024];
        Arrays.fill(chunk, (byte) 'x');
        byte[] head = "ALIVE".getBytes(US_ASCII);
        System.arraycopy(head, 0, chunk, 0, head.length);
        try (OutputStream out = exchange.getResponseBody()) {
            for (long sent = 0; sent < HUNDRED_MB; sent += chunk.length) {
                out.write(chunk);
                hugeBytesSent.addAndGet(chunk.length);
                Arrays.fill(chunk, 0, head.length, (byte) 'x');
            }
        }
    }

    /** A status line at once, then one body byte every 100 ms for up to a minute. */
    private static void trickle(HttpExchange exchange) throws IOException {
        exchange.sendResponseHeaders(200, 0);
        try (OutputStream out = exchange.getResponseBody()) {
            for (int i = 0; i < 600; i++) {
                out.write('x');
                out.flush();
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private Server server(int port) {
        return Fixtures.server("s1").port(port).check().build();
    }

    private CheckResult run(String uri, String... expects) {
        return check.run(server(http.getAddress().getPort()), httpchk("GET", uri, Map.of(), expects), TIMEOUT);
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void leaderPagePasses() {
        CheckResult result = run("/", ALIVE_RULE);
        assertTrue(result.passed(), result::description);
        assertEquals(CheckCode.L7OK, result.code());
        assertEquals(200, result.httpCode());
        assertEquals("200 OK", result.description());
    }

    @Test
    void standbyPageFailsWithL7rsp() {
        CheckResult result = run("/standby", ALIVE_RULE);
        assertFalse(result.passed());
        assertEquals(CheckCode.L7RSP, result.code());
        assertEquals(200, result.httpCode());
    }

    @Test
    void serverErrorFailsWithL7sts() {
        CheckResult result = run("/error");
        assertFalse(result.passed());
        assertEquals(CheckCode.L7STS, result.code());
        assertEquals(500, result.httpCode());
    }

    @Test
    void redirectIsJudgedNotFollowed() {
        CheckResult result = run("/redirect");
        assertTrue(result.passed(), result::description);
        assertEquals(302, result.httpCode());
    }

    @Test
    void methodUriAndHeadersReachTheServer() {
        HealthCheck options = httpchk("OPTIONS", "/echo?probe=1", Map.of("X-Lodestar-Probe", "leader"));
        CheckResult result = check.run(server(http.getAddress().getPort()), options, NOT_THE_POINT);
        assertTrue(result.passed(), result::description);
        assertEquals("OPTIONS /echo?probe=1 leader", seenRequest.get());
    }

    @Test
    void closedPortIsL4con() throws IOException {
        CheckResult result = check.run(server(closedPort()), httpchk(), NOT_THE_POINT);
        assertFalse(result.passed());
        assertEquals(CheckCode.L4CON, result.code());
        assertEquals(CheckResult.NO_HTTP_CODE, result.httpCode());
    }

    @Test
    void silentServerTimesOutWithinTheCheckTimeout() throws IOException {
        try (RawServer silent = new RawServer(RawServer::readRequestHead)) {
            long start = System.nanoTime();
            CheckResult result = check.run(server(silent.port()), httpchk(), TIMEOUT);
            long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
            assertFalse(result.passed());
            assertEquals(CheckCode.L7TOUT, result.code());
            assertTrue(result.durationMillis() >= TIMEOUT.toMillis() - 50, () -> "gave up early: " + result);
            assertTrue(wallMillis < TIMEOUT.toMillis() + MARGIN_MILLIS, () -> "took " + wallMillis + " ms");
        }
    }

    @Test
    void tricklingServerTimesOutWithinTheCheckTimeout() {
        long start = System.nanoTime();
        CheckResult result = run("/trickle");
        long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertEquals(CheckCode.L7TOUT, result.code(), result::description);
        assertTrue(wallMillis < TIMEOUT.toMillis() + MARGIN_MILLIS, () -> "took " + wallMillis + " ms");
    }

    @Test
    void hugeBodyIsReadOnlyUpToTheLimit() {
        long start = System.nanoTime();
        CheckResult result = run("/huge", "string ALIVE");
        long wallMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertTrue(result.passed(), result::description);
        assertTrue(wallMillis < TIMEOUT.toMillis(), () -> "took " + wallMillis + " ms");
        // Socket buffers take a few MB at most; reading it all would take every one of the 100.
        assertTrue(hugeBytesSent.get() < HUNDRED_MB / 4, () -> hugeBytesSent.get() + " bytes sent");
    }

    @Test
    void garbageAnswerFailsAsInvalidResponse() throws IOException {
        try (RawServer garbage = new RawServer(socket -> {
            RawServer.readRequestHead(socket);
            socket.getOutputStream().write("garbage\r\n\r\n".getBytes(US_ASCII));
            socket.close();
        })) {
            CheckResult result = check.run(server(garbage.port()), httpchk(), NOT_THE_POINT);
            assertFalse(result.passed());
            assertTrue(Set.of(CheckCode.L7RSP, CheckCode.SOCKERR).contains(result.code()), result::toString);
        }
    }

    @Test
    void emptyAnswerFailsAsInvalidResponse() throws IOException {
        try (RawServer hangUp = new RawServer(socket -> {
            RawServer.readRequestHead(socket);
            socket.close();
        })) {
            CheckResult result = check.run(server(hangUp.port()), httpchk(), NOT_THE_POINT);
            assertFalse(result.passed());
            assertEquals(CheckCode.L7RSP, result.code(), result::toString);
        }
    }

    @Test
    void connectTimeoutIsL4toutWhenTheClientGivesUpFirst() throws IOException {
        Client quickConnect = ClientBuilder.newBuilder().connectTimeout(300, TimeUnit.MILLISECONDS).build();
        try (FullListener full = new FullListener()) {
            CheckResult result = new HttpCheck(quickConnect, checkThreads).run(server(full.port()), httpchk(), TIMEOUT);
            assertFalse(result.passed());
            assertEquals(CheckCode.L4TOUT, result.code(), result::toString);
        } finally {
            quickConnect.close();
        }
    }
}
