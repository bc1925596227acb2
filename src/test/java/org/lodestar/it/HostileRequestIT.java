package org.lodestar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lodestar.it.Logins.ADMIN;
import static org.lodestar.it.Logins.VIEWER;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URL;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Requests crafted to reach what they should not (the dashboard, a backend path outside the rewrite,
 * a host that is not a configured server, a second request hidden in the first), sent as raw bytes so
 * that no HTTP client tidies them up; then the configuration lifecycle: reload under traffic, a broken
 * configuration refused. The only backend records every byte it receives; a trap listens where a
 * request might try to send Lodestar, and must never see a connection.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class HostileRequestIT {
    private static final Duration WAIT = Duration.ofSeconds(30);
    private static final CountDownLatch releaseHeld = new CountDownLatch(1);

    private static RawBackend spark;
    private static RawBackend fresh;
    private static RawBackend trap;
    /** Understands Content-Length bodies only; answers anything it cannot read with 400, {@code /hang} never. */
    private static RawBackend legacy;
    /** Released each time {@link #legacy} answered something that was not a request. */
    private static final java.util.concurrent.Semaphore legacyAnsweredGarbage = new java.util.concurrent.Semaphore(0);

    @ArquillianResource
    private URL base;

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        spark = new RawBackend((request, connection, out) -> {
            if (request.contains("/hold")) {
                releaseHeld.await(WAIT.toSeconds(), TimeUnit.SECONDS);
            }
            RawBackend.OK.answer(request, connection, out);
        });
        fresh = new RawBackend(RawBackend.OK);
        trap = new RawBackend(RawBackend.OK);
        legacy = RawBackend.contentLengthOnly((request, connection, out) -> {
            if (request.startsWith("POST /legacy/")) {
                Thread.sleep(200); // answers once the whole request has reached it, as a busy server does
                RawBackend.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 6\r\n\r\nposted");
            } else if (!request.startsWith("GET /legacy/hang ")) {
                RawBackend.write(out, "HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\n\r\n");
                legacyAnsweredGarbage.release();
            }
        });
        return Deployments.lodestarWith("hostile.war", config(false));
    }

    /** The reference setup (prefix-stripping rewrite), unchecked servers; {@code withFresh} adds a backend. */
    private static String config(boolean withFresh) throws IOException {
        return Deployments.withStatsUsers("""
                global
                  log 127.0.0.1 local4 info
                defaults
                  mode http
                  balance leastconn
                  retries 3
                  maxconn 100
                  timeout connect 2s
                  timeout client 10s
                  timeout server 10s
                  timeout http-request 2s
                  stats enable

                frontend MGMTSRV
                  bind :80
                  acl spark  path_reg /spark/
                  acl static path_reg /static/
                  acl fresh  path_beg /fresh/
                  acl legacy path_beg /legacy/
                  use_backend LEGACY if legacy
                  use_backend SRV_SPARK if spark
                  use_backend SRV_SPARK if static
                %s
                backend SRV_SPARK
                  reqrep ^([^\\ :]*)\\ /spark\\/(.*)  \\1\\ /\\2
                  server spark1 %s

                backend LEGACY
                  timeout server 1500ms
                  server legacy1 %s
                %s""".formatted(withFresh ? "  use_backend FRESH if fresh\n" : "", spark.address(), legacy.address(),
                withFresh ? "\nbackend FRESH\n  server fresh1 " + fresh.address() + "\n" : ""));
    }

    @AfterAll
    static void stopBackends() throws IOException {
        releaseHeld.countDown();
        for (RawBackend backend : new RawBackend[] {spark, fresh, trap, legacy}) {
            if (backend != null) {
                backend.close();
            }
        }
    }

    @BeforeEach
    void forgetEarlierRequests() {
        spark.forget();
    }

    // --- paths ---------------------------------------------------------------------------------------

    @Test
    @Order(1)
    void dotSegmentsNeverReachTheDashboardUnauthenticated() throws Exception {
        for (String path : List.of("/spark/../lodestar/stats.csv", "/spark/%2e%2e/lodestar/stats.csv",
                "/spark/%2E%2E/lodestar/stats.csv", "/lodestar/../lodestar/stats.csv", "/spark/..;/lodestar/stats.csv",
                "/spark/;/../lodestar/stats.csv", "/spark/..%2flodestar/stats.csv", "/x/../lodestar/reload")) {
            String answer = get(path);
            int status = RawBackend.RawClient.status(answer);
            assertTrue(status == 400 || status == 401, path + " -> " + answer);
            assertFalse(answer.contains("pxname"), path + " showed statistics: " + answer);
        }
        assertEquals(List.of(), spark.received(), "none of them reached the backend");
    }

    @Test
    @Order(2)
    void dotSegmentsAndTheirEncodingsNeverReachABackend() throws Exception {
        for (String path : List.of("/static/../../etc/passwd", "/static/..%2f..%2fetc/passwd",
                "/static/..%2F..%2Fetc/passwd", "/static/..%5c..%5cetc", "/static/%252e%252e/%252e%252e/etc",
                "/static/%25252e%25252e/etc", "/x/../spark/admin", "/spark/./x", "/static/.%2e/x",
                "/spark/%2e%2e/%2e%2e/etc", "/static/a%00.css")) {
            String answer = get(path);
            int status = RawBackend.RawClient.status(answer);
            // 404: the container normalised a path that climbs out of the test's context path and found
            // no application there (in production Lodestar is the root application: 400).
            assertTrue(status == 400 || status == 404, path + " -> " + answer);
        }
        assertEquals(List.of(), spark.received(), "none of them reached the backend");
    }

    @Test
    @Order(3)
    void encodedSlashAsDataStillPassesUnderTheRewrite() throws Exception {
        String answer = get("/spark/a%2Fb/x");
        assertEquals(200, RawBackend.RawClient.status(answer), answer);
        assertTrue(spark.received().get(0).startsWith("GET /a%2Fb/x HTTP/1.1\r\n"), spark.received().toString());
    }

    // --- framing and headers -------------------------------------------------------------------------

    @Test
    @Order(4)
    void conflictingFramingGives400AndNothingIsSmuggledInsideARequest() throws Exception {
        String smuggled = "GET " + context() + "/spark/smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        List<String> requests = List.of(
                post("Content-Length: 4\r\nContent-Length: 5\r\n", "abcde" + smuggled),
                post("Transfer-Encoding: chunked, identity\r\n", "0\r\n\r\n" + smuggled),
                post("Transfer-Encoding: xchunked\r\n", "0\r\n\r\n" + smuggled));
        for (String request : requests) {
            String answer = RawBackend.RawClient.exchange(port(), request);
            assertEquals(400, RawBackend.RawClient.status(answer), request + " -> " + answer);
            assertEquals(1, answer.split("HTTP/1\\.1 \\d{3} ", -1).length - 1, "one response, then closed: " + answer);
        }
        assertEquals(List.of(), spark.received(), "none of them, and nothing pipelined behind them, reached the backend");
    }

    /**
     * Content-Length with Transfer-Encoding is read as chunked (RFC 9112 6.3), as HAProxy reads it: forwarded
     * chunked without the length, the client connection closed after the response, so what the client put
     * after the chunked body is never a request. (Payara's listener itself refuses the two when
     * Transfer-Encoding comes first: 400, before Lodestar sees the request.) Behind Lodestar, a server that
     * knows only Content-Length bodies misreads the chunked body as a second request and answers it too:
     * that answer must never reach the next request sent to that server.
     */
    @Test
    @Order(4)
    void contentLengthWithTransferEncodingIsReadAsChunkedAndNothingIsSmuggledOrDeliveredToAnother() throws Exception {
        String smuggled = "GET " + context() + "/legacy/smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n";
        String refusedByTheListener = postLegacy("Transfer-Encoding: chunked\r\nContent-Length: 4\r\n", smuggled);
        assertEquals(400, RawBackend.RawClient.status(refusedByTheListener), refusedByTheListener);
        assertEquals(1, refusedByTheListener.split("HTTP/1\\.1 \\d{3} ", -1).length - 1,
                "one response, then closed: " + refusedByTheListener);
        assertEquals(List.of(), legacy.received());

        String answer = postLegacy("Content-Length: 4\r\nTransfer-Encoding: chunked\r\n", smuggled);
        assertEquals(200, RawBackend.RawClient.status(answer), answer);
        assertTrue(answer.endsWith("\r\n\r\nposted"), answer);
        assertEquals(1, answer.split("HTTP/1\\.1 \\d{3} ", -1).length - 1, "one response, then closed: " + answer);
        String forwarded = legacy.received().get(0);
        assertTrue(forwarded.startsWith("POST /legacy/upload HTTP/1.1\r\n"), forwarded);
        assertTrue(forwarded.toLowerCase(Locale.ROOT).contains("\r\ntransfer-encoding: chunked\r\n"), forwarded);
        assertFalse(forwarded.toLowerCase(Locale.ROOT).contains("content-length"), "forwarded with its length: " + forwarded);
        assertTrue(legacyAnsweredGarbage.tryAcquire(10, TimeUnit.SECONDS), "the server answered the chunked body too");
        assertTrue(legacy.received().stream().noneMatch(m -> m.contains("/smuggled")), legacy.received().toString());

        long start = System.nanoTime();
        String next = get("/legacy/hang");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(504, RawBackend.RawClient.status(next), "an answer meant for nobody was delivered: " + next);
        assertTrue(millis >= 1400, "answered after " + millis + " ms, before timeout server");
    }

    private String postLegacy(String framing, String after) throws IOException {
        legacy.forget();
        return RawBackend.RawClient.exchange(port(), "POST " + context() + "/legacy/upload HTTP/1.1\r\nHost: 127.0.0.1:"
                + port() + "\r\n" + framing + "\r\n0\r\n\r\n" + after);
    }

    @Test
    @Order(5)
    void oversizedHeadersAndUrisGive4xxNever500() throws Exception {
        StringBuilder manyHeaders = new StringBuilder();
        for (int i = 0; i < 150; i++) {
            manyHeaders.append("X-Header-").append(i).append(": v\r\n");
        }
        List<String> requests = List.of(
                "GET " + context() + "/spark/x HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Big: " + "a".repeat(20_000) + "\r\n\r\n",
                "GET " + context() + "/spark/" + "a".repeat(20_000) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
                "GET " + context() + "/spark/x HTTP/1.1\r\nHost: 127.0.0.1\r\n" + manyHeaders + "\r\n");
        for (String request : requests) {
            String answer = RawBackend.RawClient.exchange(port(), request);
            int status = RawBackend.RawClient.status(answer);
            assertTrue(status >= 400 && status < 500, request.substring(0, 60) + "... -> " + answer);
        }
        assertEquals(List.of(), spark.received());
    }

    @Test
    @Order(6)
    void invalidMissingOrDuplicateHostGives400() throws Exception {
        for (String hostLines : List.of("Host: bad host/x\r\n", "Host: evil.example/path\r\n",
                "Host: a.example\r\nHost: b.example\r\n", "")) {
            String answer = RawBackend.RawClient.exchange(port(), "GET " + context() + "/spark/x HTTP/1.1\r\n"
                    + hostLines + "Connection: close\r\n\r\n");
            assertEquals(400, RawBackend.RawClient.status(answer), hostLines + " -> " + answer);
        }
        assertEquals(List.of(), spark.received());
    }

    // --- SSRF ------------------------------------------------------------------------------------------

    @Test
    @Order(7)
    void absoluteFormAndConnectTargetsGive400AndReachNoServer() throws Exception {
        String own = "127.0.0.1:" + port();
        String viewer = "Authorization: " + Logins.basic(VIEWER);
        List<String> requests = List.of(
                "GET http://" + trap.address() + context() + "/spark/x HTTP/1.1\r\nHost: " + own + "\r\n",
                "GET http://" + own + context() + "/spark/x HTTP/1.1\r\nHost: " + own + "\r\n",
                "GET http://" + own + context() + "/spark/x HTTP/1.1\r\n",
                "GET HTTP://" + trap.address() + context() + "/spark/x HTTP/1.0\r\n",
                // logged in, so that the refusal is Lodestar's and not the login's (401 comes first)
                "GET http://" + trap.address() + context() + "/lodestar/stats.csv HTTP/1.1\r\nHost: " + own + "\r\n"
                        + viewer + "\r\n",
                "GET " + trap.address() + " HTTP/1.1\r\nHost: " + own + "\r\n",
                "CONNECT " + trap.address() + " HTTP/1.1\r\nHost: " + trap.address() + "\r\n");
        for (String request : requests) {
            String head = responseHead(request + "Connection: close\r\n\r\n");
            assertEquals(400, RawBackend.RawClient.status(head), request + " -> " + head);
        }
        assertEquals(List.of(), spark.received(), "none reached the configured server");
        assertEquals(0, trap.connections(), "Lodestar connected to the host of the request target");

        String next = get("/spark/x");
        assertEquals(200, RawBackend.RawClient.status(next), next);
        assertTrue(spark.received().get(0).startsWith("GET /x HTTP/1.1\r\n"), spark.received().toString());
    }

    @Test
    @Order(8)
    void noRequestHeaderMakesLodestarConnectAnywhereButTheConfiguredServer() throws Exception {
        List<String> headers = List.of("Host: " + trap.address(), "X-Forwarded-Host: " + trap.address(),
                "X-Forwarded-Server: " + trap.address(), "X-Forwarded-Proto: gopher", "X-Forwarded-Port: " + trap.port(),
                "Forwarded: for=1.2.3.4;host=" + trap.address() + ";proto=http", "X-Original-URL: /lodestar/stats.csv",
                "X-Rewrite-URL: /lodestar/stats.csv", "X-Forwarded-Context: http://" + trap.address() + "/",
                "Referer: http://" + trap.address() + "/", "Proxy: http://" + trap.address(),
                "Proxy-Connection: keep-alive", "Max-Forwards: 0");
        for (String header : headers) {
            String answer = RawBackend.RawClient.exchange(port(), "GET " + context() + "/spark/ssrf HTTP/1.1\r\n"
                    + (header.startsWith("Host:") ? "" : "Host: 127.0.0.1:" + port() + "\r\n") + header
                    + "\r\nConnection: close\r\n\r\n");
            assertEquals(200, RawBackend.RawClient.status(answer), header + " -> " + answer);
            assertTrue(answer.endsWith("\r\n\r\nok"), "the configured server answered, not the dashboard: " + answer);
        }
        assertEquals(headers.size(), spark.received().size(), "each went to the configured server");
        spark.received().forEach(r -> assertTrue(r.startsWith("GET /ssrf HTTP/1.1\r\n"), r));
        assertEquals(0, trap.connections(), "Lodestar connected somewhere it was not configured to");
    }

    @Test
    @Order(9)
    void refusedRequestsAreCountedAsRequestErrorsOnTheDashboard() throws Exception {
        get("/static/..%2f..%2fetc/passwd");
        HttpResponse<String> csv = authorized("/lodestar/stats.csv", VIEWER);
        assertEquals(200, csv.statusCode());
        List<String> header = List.of(csv.body().lines().findFirst().orElseThrow().substring(2).split(","));
        String frontend = csv.body().lines().filter(l -> l.startsWith("MGMTSRV,FRONTEND,")).findFirst().orElseThrow();
        long ereq = Long.parseLong(frontend.split(",", -1)[header.indexOf("ereq")]);
        assertTrue(ereq >= 1, "ereq counts refused requests: " + frontend);
    }

    // --- slow clients ------------------------------------------------------------------------------------

    @Test
    @Order(10)
    void headTrickledPastTimeoutHttpRequestGets408AndIsClosedWhileOtherClientsAreServed() throws Exception {
        get("/spark/first"); // the deadline is watched from the first request the application sees on
        spark.forget();
        long requestErrors = frontendCount("ereq");
        String head = "GET " + context() + "/spark/slow HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nX-Padding: "
                + "a".repeat(200) + "\r\n\r\n";
        CompletableFuture<String> meanwhile;
        try (Socket slow = new Socket(InetAddress.getLoopbackAddress(), port())) {
            meanwhile = CompletableFuture.supplyAsync(() -> {
                try {
                    return get("/spark/meanwhile");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            Trickled trickled = trickleUntilClosed(slow, head);
            // 2 s at a byte every 100 ms is about 20 bytes; the bounds are loose so that a busy machine passes
            assertTrue(trickled.sent() >= 5 && trickled.sent() < head.length(), "closed before the head was complete: "
                    + trickled);
            assertTrue(trickled.answer().startsWith("HTTP/1.1 408 Request Time-out\r\n"), trickled.answer());
            assertTrue(trickled.answer().endsWith("a complete request in time.\n</body></html>\n"), trickled.answer());
        }
        assertEquals(200, RawBackend.RawClient.status(meanwhile.get(WAIT.toSeconds(), TimeUnit.SECONDS)));
        assertEquals(1, spark.received().size(), "only the other client's request was served: " + spark.received());
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (frontendCount("ereq") == requestErrors && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertEquals(requestErrors + 1, frontendCount("ereq"), "the 408 is counted as a request error");
    }

    @Test
    @Order(11)
    void bodyTrickledPastTimeoutHttpRequestIsServedAndTheNextHeadOnTheConnectionIsTimedAgain() throws Exception {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port())) {
            client.setSoTimeout((int) WAIT.toMillis());
            OutputStream out = client.getOutputStream();
            out.write(("POST " + context() + "/spark/upload HTTP/1.1\r\nHost: 127.0.0.1:" + port()
                    + "\r\nContent-Length: 6\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            for (char c : "abcdef".toCharArray()) { // 3 s: longer than timeout http-request, a body is not a head
                Thread.sleep(500);
                out.write(c);
                out.flush();
            }
            String answer = readResponse(client.getInputStream());
            assertEquals(200, RawBackend.RawClient.status(answer), answer);
            assertTrue(spark.received().get(0).contains("abcdef"), spark.received().toString());

            String next = "GET " + context() + "/spark/next HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\nX-Padding: "
                    + "a".repeat(200) + "\r\n\r\n";
            assertFalse(answer.toLowerCase(Locale.ROOT).contains("connection: close"), "kept alive: " + answer);
            Trickled trickled = trickleUntilClosed(client, next);
            assertTrue(trickled.sent() >= 5 && trickled.sent() < next.length(),
                    "the next head on a kept-alive connection is timed too: " + trickled);
            assertEquals(408, RawBackend.RawClient.status(trickled.answer()), trickled.answer());
        }
    }

    /** Sends {@code head} a byte every 100 ms until the server answers or closes. */
    private static Trickled trickleUntilClosed(Socket socket, String head) throws IOException {
        socket.setSoTimeout(100);
        InputStream in = socket.getInputStream();
        OutputStream out = socket.getOutputStream();
        for (int i = 0; i < head.length(); i++) {
            try {
                out.write(head.charAt(i));
                out.flush();
            } catch (IOException closed) {
                return new Trickled(i, "");
            }
            try {
                int first = in.read();
                socket.setSoTimeout((int) WAIT.toMillis());
                String rest = first < 0 ? "" : new String(in.readAllBytes(), StandardCharsets.ISO_8859_1);
                return new Trickled(i + 1, first < 0 ? "" : (char) first + rest);
            } catch (SocketTimeoutException stillOpen) {
                // go on
            }
        }
        return new Trickled(head.length(), "");
    }

    /** How many bytes of a head were sent before the server answered {@code answer} and closed. */
    private record Trickled(int sent, String answer) {
    }

    /** One response with a Content-Length body, read without waiting for the connection to close. */
    private static String readResponse(InputStream in) throws IOException {
        StringBuilder head = new StringBuilder();
        int b;
        while (head.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0) {
            head.append((char) b);
        }
        Matcher length = Pattern.compile("(?i)content-length: *(\\d+)").matcher(head);
        int bodyLength = length.find() ? Integer.parseInt(length.group(1)) : 0;
        return head + new String(in.readNBytes(bodyLength), StandardCharsets.ISO_8859_1);
    }

    // --- configuration lifecycle -------------------------------------------------------------------------

    @Test
    @Order(20)
    void reloadIsForAdministratorsOnlyAndCannotBeForgedCrossSite() throws Exception {
        assertEquals(401, reload(null, null, null).statusCode());
        assertEquals(403, reload(VIEWER, null, null).statusCode());
        HttpResponse<String> form = reload(ADMIN, "application/x-www-form-urlencoded", "a=b");
        assertEquals(403, form.statusCode(), form.body());
        HttpResponse<String> foreign = send(adminRequest("/lodestar/reload", ADMIN)
                .header("Origin", "http://" + trap.address()).POST(HttpRequest.BodyPublishers.noBody()));
        assertEquals(403, foreign.statusCode(), foreign.body());
        HttpResponse<String> get = authorized("/lodestar/reload", ADMIN);
        assertEquals(405, get.statusCode(), "GET does not reload: " + get.body());
    }

    @Test
    @Order(21)
    void brokenConfigurationIsRefusedWithEveryFileLineErrorAndTheRunningOneStays() throws Exception {
        String broken = """
                global
                defaults
                  mode http
                  timeout connect 2s
                frontend F
                  bind :80
                  frobnicate yes
                  default_backend B
                backend B
                  server s1 127.0.0.1:notaport
                """;
        HttpResponse<String> refused = reload(ADMIN, "application/octet-stream", broken);
        assertEquals(400, refused.statusCode(), refused.body());
        assertTrue(refused.headers().firstValue("Content-Type").orElse("").startsWith("text/plain"));
        assertTrue(refused.body().contains("posted.cfg:7:"), refused.body());
        assertTrue(refused.body().contains("posted.cfg:10:"), refused.body());
        assertFalse(refused.body().contains("Exception") || refused.body().contains("at org."), refused.body());
        String stillServed = get("/spark/still");
        assertEquals(200, RawBackend.RawClient.status(stillServed), stillServed);
        assertEquals(503, RawBackend.RawClient.status(get("/fresh/x")), "the refused config did not take effect");
    }

    @Test
    @Order(22)
    void reloadKeepsInFlightRequestsAndCountersAndServesTheNewConfiguration() throws Exception {
        long sessionsBefore = frontendSessions();
        List<CompletableFuture<HttpResponse<String>>> held = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            held.add(new ProxyClient(base, WAIT).http().sendAsync(HttpRequest.newBuilder(url("/spark/hold/" + i))
                    .timeout(WAIT).build(), HttpResponse.BodyHandlers.ofString()));
        }
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (spark.received().stream().filter(r -> r.contains("/hold/")).count() < 4 && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        assertEquals(4, spark.received().stream().filter(r -> r.contains("/hold/")).count(), "4 requests in flight");

        HttpResponse<String> reloaded = reload(ADMIN, "application/octet-stream", config(true));
        assertEquals(200, reloaded.statusCode(), reloaded.body());
        assertTrue(reloaded.body().startsWith("reloaded posted.cfg"), reloaded.body());

        String toNewBackend = get("/fresh/x");
        assertEquals(200, RawBackend.RawClient.status(toNewBackend), toNewBackend);
        assertTrue(fresh.received().stream().anyMatch(r -> r.startsWith("GET /fresh/x HTTP/1.1")));
        releaseHeld.countDown();
        for (CompletableFuture<HttpResponse<String>> request : held) {
            HttpResponse<String> response = request.get(WAIT.toSeconds(), TimeUnit.SECONDS);
            assertEquals(200, response.statusCode(), "an in-flight request was dropped by the reload");
            assertEquals("ok", response.body());
        }
        assertTrue(frontendSessions() >= sessionsBefore + 5, "the frontend's counters went on across the reload");
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private long frontendSessions() throws Exception {
        return frontendCount("stot");
    }

    /** A column of the frontend's row in the CSV statistics. */
    private long frontendCount(String column) throws Exception {
        HttpResponse<String> csv = authorized("/lodestar/stats.csv", VIEWER);
        List<String> header = List.of(csv.body().lines().findFirst().orElseThrow().substring(2).split(","));
        String frontend = csv.body().lines().filter(l -> l.startsWith("MGMTSRV,FRONTEND,")).findFirst().orElseThrow();
        return Long.parseLong(frontend.split(",", -1)[header.indexOf(column)]);
    }

    private HttpResponse<String> reload(String login, String contentType, String body) throws Exception {
        HttpRequest.Builder request = adminRequest("/lodestar/reload", login);
        if (contentType != null) {
            request.header("Content-Type", contentType);
        }
        return send(request.POST(body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body)));
    }

    private HttpRequest.Builder adminRequest(String path, String login) {
        HttpRequest.Builder request = HttpRequest.newBuilder(url(path)).timeout(WAIT);
        if (login != null) {
            request.header("Authorization", Logins.basic(login));
        }
        return request;
    }

    private HttpResponse<String> authorized(String path, String login) throws Exception {
        return send(adminRequest(path, login).GET());
    }

    private HttpResponse<String> send(HttpRequest.Builder request) throws Exception {
        return new ProxyClient(base, WAIT).http().send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private String get(String path) throws IOException {
        return RawBackend.RawClient.exchange(port(), "GET " + context() + path + " HTTP/1.1\r\nHost: 127.0.0.1:"
                + port() + "\r\nConnection: close\r\n\r\n");
    }

    /**
     * Sends {@code request} on a new connection and returns the response head: the container answers some
     * refusals (CONNECT) without a body length and leaves the connection open, so reading to the end would wait.
     */
    private String responseHead(String request) throws IOException {
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port())) {
            client.setSoTimeout((int) WAIT.toMillis());
            client.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            StringBuilder head = new StringBuilder();
            InputStream in = client.getInputStream();
            int b;
            while (head.indexOf("\r\n\r\n") < 0 && (b = in.read()) >= 0) {
                head.append((char) b);
            }
            return head.toString();
        }
    }

    private String post(String framing, String body) {
        return "POST " + context() + "/spark/upload HTTP/1.1\r\nHost: 127.0.0.1:" + port() + "\r\n" + framing + "\r\n"
                + body;
    }

    private java.net.URI url(String path) {
        return new ProxyClient(base, WAIT).url(path);
    }

    private int port() {
        return base.getPort();
    }

    private String context() {
        return new ProxyClient(base, WAIT).contextPath();
    }
}
