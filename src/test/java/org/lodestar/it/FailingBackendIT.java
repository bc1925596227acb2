package org.lodestar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lodestar.it.Logins.ADMIN;

import com.sun.net.httpserver.HttpHandler;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Servers that fail in every way a socket allows (reset mid-body, chunked body cut short, not HTTP,
 * a response head trickled a byte at a time, a header of a megabyte), then overload (300 clients
 * against a frontend's or a server's {@code maxconn 10} and a slow server) and slow clients. Each failure is bounded in time,
 * answered as HAProxy would, counted in the statistics, and the next request is served.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class FailingBackendIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final int DECLARED_LENGTH = 100_000;
    private static final int SENT_BEFORE_FAILING = 1000;
    private static final int OVERLOAD_CLIENTS = 300;
    private static final int DASHBOARD_SAMPLES = 5;
    /** What 300 open requests may add to the server's live heap: connection buffers, not bodies or threads. */
    private static final long MAX_LIVE_HEAP_GROWTH_BYTES = 32L * 1024 * 1024;

    private static RawBackend reset;
    private static RawBackend truncated;
    private static RawBackend garbage;
    private static RawBackend trickle;
    private static RawBackend huge;
    private static RawBackend healthy;
    /** Keeps connections alive, and answers {@code /twice} twice, {@code /early} with bytes after its answer, {@code /hang} never. */
    private static RawBackend twice;
    private static RawBackend early;
    /** Released when {@link #early} has written all its unasked bytes. */
    private static final java.util.concurrent.Semaphore earlyDoneWriting = new java.util.concurrent.Semaphore(0);
    private static TestBackend slow;
    private static final AtomicInteger slowInFlight = new AtomicInteger();

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        reset = new RawBackend((request, connection, out) -> {
            RawBackend.write(out, "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: " + DECLARED_LENGTH
                    + "\r\n\r\n" + "x".repeat(SENT_BEFORE_FAILING));
            connection.setSoLinger(true, 0); // closing now sends a reset
        });
        truncated = new RawBackend((request, connection, out) -> RawBackend.write(out,
                "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
                        + Integer.toHexString(SENT_BEFORE_FAILING) + "\r\n" + "x".repeat(SENT_BEFORE_FAILING) + "\r\n"));
        garbage = new RawBackend((request, connection, out) -> RawBackend.write(out, "SSH-2.0-OpenSSH_9.2\r\n\r\n"));
        trickle = new RawBackend((request, connection, out) -> {
            RawBackend.write(out, "HTTP/1.1 200 OK\r\nX-Trickle: ");
            for (int i = 0; i < 200; i++) {
                RawBackend.write(out, "a");
                Thread.sleep(100);
            }
        });
        huge = new RawBackend((request, connection, out) -> RawBackend.write(out,
                "HTTP/1.1 200 OK\r\nX-Huge: " + "a".repeat(1024 * 1024) + "\r\nContent-Length: 2\r\n\r\nok"));
        healthy = new RawBackend(RawBackend.OK);
        twice = RawBackend.keepingAlive(FailingBackendIT::answerTwiceOrNever);
        early = RawBackend.keepingAlive(FailingBackendIT::answerEarlyAndKeepWritingOrNever);
        HttpHandler slowly = exchange -> {
            slowInFlight.incrementAndGet();
            try {
                Thread.sleep(300);
                TestBackend.send(exchange, 200, "slow ok");
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            } finally {
                slowInFlight.decrementAndGet();
            }
        };
        slow = new TestBackend("slow").route("/slow/", slowly).route("/queued/", slowly);
        String config = """
                global
                  log 127.0.0.1 local4 info
                defaults
                  mode http
                  retries 2
                  timeout connect 2s
                  timeout client 10s
                  timeout server 1500ms
                  stats enable

                frontend LIMITED
                  bind :80
                  maxconn 10
                  acl slow path_beg /slow/
                  use_backend SLOW if slow

                frontend MAIN
                  bind :80
                  acl reset     path_beg /reset/
                  acl truncated path_beg /truncated/
                  acl garbage   path_beg /garbage/
                  acl trickle   path_beg /trickle/
                  acl huge      path_beg /huge/
                  acl queued    path_beg /queued/
                  acl twice     path_beg /twice/
                  acl early     path_beg /early/
                  use_backend RESET     if reset
                  use_backend TRUNCATED if truncated
                  use_backend GARBAGE   if garbage
                  use_backend TRICKLE   if trickle
                  use_backend HUGE      if huge
                  use_backend QUEUED    if queued
                  use_backend TWICE     if twice
                  use_backend EARLY     if early
                  default_backend HEALTHY

                backend RESET
                  server r1 %s
                backend TRUNCATED
                  server t1 %s
                backend GARBAGE
                  server g1 %s
                backend TRICKLE
                  server k1 %s
                backend HUGE
                  server h1 %s
                backend HEALTHY
                  server ok1 %s
                backend TWICE
                  server w1 %s
                backend EARLY
                  server e1 %s
                backend SLOW
                  server s1 127.0.0.1:%d
                backend QUEUED
                  server q1 127.0.0.1:%d maxconn 10

                backend ADMINS
                  stats auth boss:adm1n
                  stats admin if TRUE
                  server nobody 127.0.0.1:%d
                """.formatted(reset.address(), truncated.address(), garbage.address(), trickle.address(),
                huge.address(), healthy.address(), twice.address(), early.address(), slow.port(), slow.port(), TestBackend.closedPort());
        return Deployments.lodestarWith("failing.war", config);
    }

    @AfterAll
    static void stopBackends() throws IOException {
        for (RawBackend backend : new RawBackend[] {reset, truncated, garbage, trickle, huge, healthy, twice, early}) {
            if (backend != null) {
                backend.close();
            }
        }
        if (slow != null) {
            slow.close();
        }
    }

    // --- failing servers -------------------------------------------------------------------------------

    @Test
    void resetMidResponseCutsTheClientConnectionAndIsCountedThenTheNextRequestIsFine() throws Exception {
        String answer = get("/reset/x");
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer.substring(0, Math.min(200, answer.length())));
        assertTrue(body(answer).length() < DECLARED_LENGTH, "the client can tell the body is incomplete");
        assertTrue(responseErrors("RESET") >= 1, "counted as eresp");
        assertNextRequestIsFine();
    }

    @Test
    void truncatedChunkedBodyNeverLooksCompleteAndIsCountedThenTheNextRequestIsFine() throws Exception {
        String answer = get("/truncated/x");
        assertTrue(answer.startsWith("HTTP/1.1 200"), answer.substring(0, Math.min(200, answer.length())));
        assertFalse(answer.endsWith("0\r\n\r\n"), "no last chunk: the client sees the body was cut");
        assertTrue(responseErrors("TRUNCATED") >= 1, "counted as eresp");
        assertNextRequestIsFine();
    }

    @Test
    void garbageInsteadOfHttpGives502AndIsCountedThenTheNextRequestIsFine() throws Exception {
        String answer = get("/garbage/x");
        assertEquals(502, RawBackend.RawClient.status(answer), answer);
        assertFalse(answer.contains("at org."), "no stack trace: " + answer);
        assertTrue(responseErrors("GARBAGE") >= 1, "counted as eresp");
        assertNextRequestIsFine();
    }

    @Test
    void responseHeadTrickledByteByByteGives504AfterTimeoutServerAndIsCounted() throws Exception {
        long start = System.nanoTime();
        String answer = get("/trickle/x");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(504, RawBackend.RawClient.status(answer), answer);
        assertTrue(answer.contains("timeout server (1500 ms)"), answer);
        // The trickle would last 20 s; the bound is generous so that a busy machine does not fail the test.
        assertTrue(millis >= 1400 && millis < 15_000, "answered after " + millis + " ms");
        assertTrue(responseErrors("TRICKLE") >= 1, "counted as eresp");
        assertNextRequestIsFine();
    }

    @Test
    void megabyteResponseHeaderGives502AndIsCountedThenTheNextRequestIsFine() throws Exception {
        String answer = get("/huge/x");
        assertEquals(502, RawBackend.RawClient.status(answer), answer);
        assertTrue(responseErrors("HUGE") >= 1, "counted as eresp");
        assertNextRequestIsFine();
    }

    /**
     * Response queue poisoning: a server that answers one request twice leaves the second answer on the
     * kept-alive connection. Were that connection reused, the next request sent on it (to which this server
     * never answers) would get that stale answer at once, instead of 504 after timeout server.
     */
    @Test
    void secondAnswerToOneRequestIsNeverDeliveredToTheNextRequest() throws Exception {
        String first = get("/twice/first");
        assertEquals(200, RawBackend.RawClient.status(first), first);
        assertEquals("first", body(first));
        assertNoStaleAnswerReachesTheNextRequest("/twice/", twice, "TWICE");
    }

    /** Like the above, with the unasked bytes arriving while the connection is idle in the pool. */
    @Test
    void answerFollowedByBytesNobodyAskedForIsNeverDeliveredToTheNextRequest() throws Exception {
        String first = rawPost("/early/upload", "a".repeat(1000));
        assertEquals(200, RawBackend.RawClient.status(first), first);
        assertEquals("early", body(first));
        assertTrue(earlyDoneWriting.tryAcquire(10, TimeUnit.SECONDS), "the server wrote (or tried to) its unasked bytes");
        assertNoStaleAnswerReachesTheNextRequest("/early/", early, "EARLY");
    }

    private void assertNoStaleAnswerReachesTheNextRequest(String prefix, RawBackend backend, String name)
            throws Exception {
        int connectionsBefore = backend.connections();
        long start = System.nanoTime();
        String next = get(prefix + "hang");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(504, RawBackend.RawClient.status(next), "a stale answer was delivered: " + next);
        assertTrue(millis >= 1400, "answered after " + millis + " ms, before timeout server");
        assertEquals(connectionsBefore + 1, backend.connections(), "sent on a new connection, not the poisoned one");
        assertTrue(responseErrors(name) >= 1, "the unasked bytes are counted as eresp");
    }

    private static void answerTwiceOrNever(String request, Socket connection, OutputStream out) throws IOException {
        if (request.startsWith("GET /twice/first ")) {
            RawBackend.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nfirst"
                    + "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nsecond");
        }
        // anything else (/hang) is never answered
    }

    private static void answerEarlyAndKeepWritingOrNever(String request, Socket connection, OutputStream out)
            throws IOException, InterruptedException {
        if (!request.startsWith("POST /early/upload ")) {
            return; // /hang is never answered
        }
        try {
            RawBackend.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nearly");
            for (int i = 0; i < 5; i++) { // after the proxy took the answer and pooled the connection
                Thread.sleep(100);
                RawBackend.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nstale");
            }
        } finally {
            earlyDoneWriting.release(); // also when the proxy closed the connection on the first unasked bytes
        }
    }

    // --- overload and slow clients --------------------------------------------------------------------

    @Test
    void threeHundredClientsAgainstMaxconnTenGetOnly200Or503WithBoundedMemoryAndTheDashboardAnswersWithinASecond()
            throws Exception {
        overload("/slow/", "SLOW");
    }

    @Test
    void threeHundredClientsAgainstAServerMaxconnTenGetOnly200Or503AndTheDashboardAnswersWithinASecond()
            throws Exception {
        overload("/queued/", "QUEUED");
    }

    /** 300 clients at once on {@code path}, which is limited to 10 requests at once by a maxconn. */
    private void overload(String path, String backend) throws Exception {
        assertEquals(200, authorized("/lodestar/stats.csv").statusCode()); // not measured: the first call loads classes
        try (ServerHeap heap = ServerHeap.ofManagedServer()) {
            long liveBefore = heap.liveBytes();
            HttpClient load = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(WAIT).build();
            List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
            for (int i = 0; i < OVERLOAD_CLIENTS; i++) {
                responses.add(load.sendAsync(HttpRequest.newBuilder(url(path + i)).timeout(Duration.ofSeconds(60))
                        .build(), HttpResponse.BodyHandlers.ofString()));
            }
            long deadline = System.nanoTime() + WAIT.toNanos();
            boolean loaded = false;
            while (!loaded && System.nanoTime() < deadline) {
                loaded = slowInFlight.get() >= 10 && unfinished(responses) >= OVERLOAD_CLIENTS / 2;
                Thread.sleep(10);
            }
            assertTrue(loaded, "the load reached the server's maxconn with most requests waiting");
            List<Long> dashboardMillis = new ArrayList<>();
            for (int i = 0; i < DASHBOARD_SAMPLES && unfinished(responses) >= OVERLOAD_CLIENTS / 4; i++) {
                long start = System.nanoTime();
                HttpResponse<String> dashboard = authorized("/lodestar/stats.csv");
                dashboardMillis.add((System.nanoTime() - start) / 1_000_000);
                assertEquals(200, dashboard.statusCode());
                assertTrue(dashboard.body().contains("LIMITED,FRONTEND,"), dashboard.body());
            }
            long liveUnderLoad = heap.liveBytes();
            long waiting = unfinished(responses);
            System.out.printf("dashboard under load: %s ms; live heap %d -> %d KiB with %d of %d requests unfinished%n",
                    dashboardMillis, liveBefore / 1024, liveUnderLoad / 1024, waiting, OVERLOAD_CLIENTS);
            assertTrue(dashboardMillis.size() >= 2, "sampled while the load lasted: " + dashboardMillis);
            // Requests waiting for a slot hold no request thread, so the dashboard does not queue behind them.
            assertTrue(dashboardMillis.stream().allMatch(ms -> ms < 1000), "dashboard times " + dashboardMillis);
            assertTrue(liveUnderLoad - liveBefore < MAX_LIVE_HEAP_GROWTH_BYTES, "live heap grew from "
                    + liveBefore / 1024 + " to " + liveUnderLoad / 1024 + " KiB with " + waiting + " requests waiting");

            int ok = 0;
            int refused = 0;
            for (CompletableFuture<HttpResponse<String>> future : responses) {
                HttpResponse<String> response = future.get(2, TimeUnit.MINUTES);
                if (response.statusCode() == 200) {
                    ok++;
                } else {
                    assertEquals(503, response.statusCode(), response.body());
                    assertTrue(response.body().contains("maxconn"), response.body());
                    refused++;
                }
            }
            assertTrue(ok >= 10, ok + " served");
            String counted = row(backend + ",BACKEND,");
            assertEquals(ok, field(counted, "hrsp_2xx"), "every 200 counted: " + counted);
            assertEquals(refused, field(counted, "hrsp_5xx"), "every 503 counted, maxconn refusals too: " + counted);
        }
    }

    @Test
    void slowClientsSendingHeadersByteByByteDoNotExhaustTheServer() throws Exception {
        List<Socket> slowClients = new ArrayList<>();
        try {
            for (int i = 0; i < 250; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), base.getPort());
                socket.getOutputStream().write(("GET " + context() + "/ok/slowloris HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")
                        .getBytes(StandardCharsets.ISO_8859_1));
                slowClients.add(socket);
            }
            for (int i = 0; i < 20; i++) {
                Socket socket = new Socket(InetAddress.getLoopbackAddress(), base.getPort());
                socket.getOutputStream().write(("POST " + context() + "/ok/slow-body HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                        + "Content-Length: 1000\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
                slowClients.add(socket);
            }
            for (int round = 0; round < 10; round++) {
                for (Socket socket : slowClients) {
                    OutputStream out = socket.getOutputStream();
                    out.write('a');
                    out.flush();
                }
                Thread.sleep(100);
            }
            assertNextRequestIsFine();
        } finally {
            for (Socket socket : slowClients) {
                socket.close();
            }
        }
        assertNextRequestIsFine();
    }

    @Test
    void clientStallingMidBodyIsCutAfterTimeoutClientNotAnswered() throws Exception {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), base.getPort())) {
            // Bounded by the listener's read timeout (preboot.asadmin: 50 s = timeout client); 120 s is generous.
            socket.setSoTimeout(120_000);
            socket.getOutputStream().write(("POST " + context() + "/next/stalled HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                    + "Content-Length: 1000\r\n\r\n" + "a".repeat(10)).getBytes(StandardCharsets.ISO_8859_1));
            socket.getOutputStream().flush();
            int first;
            try {
                first = socket.getInputStream().read();
            } catch (java.net.SocketException reset) {
                first = -1;
            }
            assertEquals(-1, first, "the stalled request got no (empty 200) answer, only a closed connection");
        }
        assertNextRequestIsFine();
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private void assertNextRequestIsFine() throws IOException {
        String answer = get("/next/x");
        assertEquals(200, RawBackend.RawClient.status(answer), answer);
        assertTrue(answer.endsWith("\r\n\r\nok"), answer);
    }

    private static long unfinished(List<CompletableFuture<HttpResponse<String>>> responses) {
        return responses.stream().filter(r -> !r.isDone()).count();
    }

    private long responseErrors(String backend) throws Exception {
        return field(row(backend + ",BACKEND,"), "eresp");
    }

    private String row(String prefix) throws Exception {
        HttpResponse<String> csv = authorized("/lodestar/stats.csv");
        assertEquals(200, csv.statusCode());
        return csv.body().lines().filter(l -> l.startsWith(prefix)).findFirst().orElseThrow()
                + "\n" + csv.body().lines().findFirst().orElseThrow();
    }

    /** A field of a row returned by {@link #row}, which carries the CSV header on its second line. */
    private static long field(String rowWithHeader, String name) {
        String[] lines = rowWithHeader.split("\n");
        List<String> header = List.of(lines[1].substring(2).split(","));
        String value = lines[0].split(",", -1)[header.indexOf(name)];
        return value.isEmpty() ? 0 : Long.parseLong(value);
    }

    private HttpResponse<String> authorized(String path) throws Exception {
        return new ProxyClient(base, WAIT).http().send(HttpRequest.newBuilder(url(path)).timeout(WAIT)
                .header("Authorization", Logins.basic(ADMIN))
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws IOException {
        return RawBackend.RawClient.exchange(base.getPort(), "GET " + context() + path + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + base.getPort() + "\r\nConnection: close\r\n\r\n");
    }

    private String rawPost(String path, String body) throws IOException {
        return RawBackend.RawClient.exchange(base.getPort(), "POST " + context() + path + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + base.getPort() + "\r\nContent-Length: " + body.length() + "\r\nConnection: close\r\n\r\n" + body);
    }

    private static String body(String answer) {
        int end = answer.indexOf("\r\n\r\n");
        return end < 0 ? "" : answer.substring(end + 4);
    }

    private java.net.URI url(String path) {
        return new ProxyClient(base, WAIT).url(path);
    }

    private String context() {
        return new ProxyClient(base, WAIT).contextPath();
    }
}
