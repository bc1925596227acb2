package org.lodestar.it;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The real WAR on a managed Payara Micro, with the reference configuration pointing at three real HTTP
 * backends on loopback, plus test backends that are down, hang, limit concurrency or answer garbage.
 * One class, one server start: each scenario uses its own path prefix.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
class ProxyIT {
    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final int MB = 1024 * 1024;
    /**
     * A streaming proxy may hold a few buffers' worth of a body, never the whole: the streaming tests
     * wait for this much to cross before sending more.
     */
    private static final int STREAMED = MB / 2;

    private static ReferenceBackends sparks;
    private static TestBackend slow;
    private static TestBackend limited;
    private static GarbageServer garbage;
    private static final CountDownLatch releaseSlow = new CountDownLatch(1);
    private static final AtomicReference<CountDownLatch> limitedGate = new AtomicReference<>(new CountDownLatch(1));
    private static final AtomicReference<CountDownLatch> limitedEntered = new AtomicReference<>(new CountDownLatch(1));
    private static final CountDownLatch clientGotFirstMegabyte = new CountDownLatch(1);
    private static final AtomicBoolean downloadInterleaved = new AtomicBoolean();
    private static final CountDownLatch backendGotFirstMegabyte = new CountDownLatch(1);
    private static final AtomicLong uploadReceived = new AtomicLong();
    private static final AtomicReference<byte[]> uploadDigest = new AtomicReference<>();

    @ArquillianResource
    private URL base;

    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @Deployment(testable = false)
    static WebArchive deployment() throws IOException {
        sparks = ReferenceBackends.start();
        for (TestBackend spark : sparks.all()) {
            spark.route("/redirect-absolute", exchange -> {
                exchange.getResponseHeaders().set("Location",
                        "http://127.0.0.1:" + exchange.getLocalAddress().getPort() + "/app/?id=1");
                TestBackend.send(exchange, 302, "");
            });
            spark.route("/redirect-relative", exchange -> {
                exchange.getResponseHeaders().set("Location", "/app/");
                TestBackend.send(exchange, 302, "");
            });
            spark.route("/cookie", exchange -> {
                exchange.getResponseHeaders().add("Set-Cookie", "session=abc; Path=/; HttpOnly; SameSite=Lax");
                TestBackend.send(exchange, 200, "cookie set");
            });
            spark.route("/download", exchange -> {
                exchange.sendResponseHeaders(200, 10L * MB);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(pattern(0, MB));
                    out.flush();
                    downloadInterleaved.set(await(clientGotFirstMegabyte));
                    for (int i = 1; i < 10; i++) {
                        out.write(pattern(i, MB));
                    }
                }
            });
            spark.route("/slow-upload", exchange -> {
                long total;
                try (InputStream in = exchange.getRequestBody()) {
                    total = in.transferTo(OutputStream.nullOutputStream());
                }
                try {
                    Thread.sleep(200); // longer than a forwarding thread waits before it parks the request
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                TestBackend.send(exchange, 200, "received " + total);
            });
            spark.route("/upload", exchange -> {
                MessageDigest digest = sha256();
                long total = 0;
                byte[] buffer = new byte[64 * 1024];
                try (InputStream in = exchange.getRequestBody()) {
                    int n;
                    while ((n = in.read(buffer)) > 0) {
                        digest.update(buffer, 0, n);
                        total += n;
                        if (total >= STREAMED) {
                            backendGotFirstMegabyte.countDown();
                        }
                    }
                }
                uploadReceived.set(total);
                uploadDigest.set(digest.digest());
                TestBackend.send(exchange, 200, "received " + total);
            });
        }
        slow = new TestBackend("slow").route("/", exchange -> {
            await(releaseSlow);
            TestBackend.send(exchange, 200, "late");
        });
        limited = new TestBackend("limited").route("/", exchange -> {
            limitedEntered.get().countDown();
            await(limitedGate.get());
            TestBackend.send(exchange, 200, "limited ok");
        });
        garbage = new GarbageServer();

        String reference = sparks.referenceConfig();
        String scenarios = """

                frontend SCENARIOS
                  option httplog
                  acl down     path_beg /down/
                  acl slow     path_beg /slow/
                  acl limited  path_beg /limited/
                  acl garbage  path_beg /garbage/
                  use_backend DOWN if down
                  use_backend SLOW if slow
                  use_backend LIMITED if limited
                  use_backend GARBAGE if garbage

                backend DOWN
                  retries 2
                  server d1 127.0.0.1:%d
                  server d2 127.0.0.1:%d

                backend SLOW
                  timeout server 1500
                  server s1 127.0.0.1:%d

                backend LIMITED
                  timeout queue 1500
                  server l1 127.0.0.1:%d maxconn 1 maxqueue 1

                backend GARBAGE
                  server g1 127.0.0.1:%d
                """.formatted(TestBackend.closedPort(), TestBackend.closedPort(), slow.port(), limited.port(),
                garbage.port());

        return Deployments.lodestarWith("edge.war", reference + scenarios);
    }

    @AfterAll
    static void stopBackends() {
        releaseSlow.countDown();
        limitedGate.get().countDown();
        clientGotFirstMegabyte.countDown();
        for (AutoCloseable backend : new AutoCloseable[] {sparks, slow, limited, garbage}) {
            try {
                if (backend != null) {
                    backend.close();
                }
            } catch (Exception ignored) {
                // best effort: the JVM ends right after
            }
        }
    }

    // --- routing and rewriting -----------------------------------------------------------------------

    @Test
    void sparkPrefixIsStrippedAndQueryKept() throws Exception {
        HttpResponse<String> response = get("/spark/jobs?q=1&x=a%20b");
        assertEquals(200, response.statusCode());
        assertEquals("/jobs?q=1&x=a%20b", lastSparkRequest().rawTarget());
    }

    @Test
    void sparkRootBecomesServerRoot() throws Exception {
        assertEquals(200, get("/spark/").statusCode());
        assertEquals("/", lastSparkRequest().rawTarget());
    }

    @Test
    void staticPassesThroughUnchanged() throws Exception {
        assertEquals(200, get("/static/spark-ui.css?v=2").statusCode());
        assertEquals("/static/spark-ui.css?v=2", lastSparkRequest().rawTarget());
    }

    @Test
    void encodedAndUtf8PathsArePreservedByteForByte() throws Exception {
        HttpResponse<String> response = get("/spark/a%20b/caf%C3%A9/x%2Fy?path=%2Ftmp%2Fx&q=%E2%9C%93");
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("/a%20b/caf%C3%A9/x%2Fy?path=%2Ftmp%2Fx&q=%E2%9C%93", lastSparkRequest().rawTarget());
    }

    @Test
    void forwardedHeadersTellTheServerWhereItIsMounted() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(url("/spark/"))
                .header("X-Forwarded-Context", "/evil")
                .header("X-Forwarded-For", "203.0.113.7")
                .build();
        assertEquals(200, client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
        TestBackend.Received received = lastSparkRequest();
        assertEquals(contextPath() + "/spark", received.header("X-Forwarded-Context"));
        assertEquals("203.0.113.7, 127.0.0.1", received.header("X-Forwarded-For"));
        assertEquals("http", received.header("X-Forwarded-Proto"));
        String clientHost = "127.0.0.1:" + base.getPort();
        assertEquals(clientHost, received.header("X-Forwarded-Host"));
        assertEquals(clientHost, received.header("Host"), "Host passes through as HAProxy does");
    }

    @Test
    void hopByHopHeadersAreNotForwarded() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(url("/spark/"))
                .header("X-Private-Hop", "secret")
                .header("X-Kept", "kept")
                .header("Proxy-Authorization", Logins.basic("foo:bar"))
                .build();
        // java.net.http refuses to set Connection itself; a raw request carries it.
        String raw = rawRequest("GET " + contextPath() + "/spark/ HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                + "Connection: close, X-Private-Hop\r\nX-Private-Hop: secret\r\nX-Kept: kept\r\n\r\n");
        assertTrue(raw.startsWith("HTTP/1.1 200"), raw);
        TestBackend.Received received = lastSparkRequest();
        assertNull(received.header("X-Private-Hop"));
        assertEquals("kept", received.header("X-Kept"));
        assertEquals(200, client.send(request, HttpResponse.BodyHandlers.ofString()).statusCode());
        assertNull(lastSparkRequest().header("Proxy-Authorization"));
    }

    @Test
    void absoluteRedirectToTheServerComesBackThroughTheProxy() throws Exception {
        HttpResponse<String> response = get("/spark/redirect-absolute");
        assertEquals(302, response.statusCode());
        assertEquals("http://127.0.0.1:" + base.getPort() + contextPath() + "/spark/app/?id=1",
                response.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void rootRelativeRedirectIsPutUnderThePrefix() throws Exception {
        HttpResponse<String> response = get("/spark/redirect-relative");
        assertEquals(302, response.statusCode());
        assertEquals(contextPath() + "/spark/app/", response.headers().firstValue("Location").orElseThrow());
    }

    @Test
    void cookiePathIsPutUnderThePrefixAndOtherAttributesKept() throws Exception {
        HttpResponse<String> response = get("/spark/cookie");
        String cookie = response.headers().firstValue("Set-Cookie").orElseThrow();
        assertTrue(cookie.contains("Path=" + contextPath() + "/spark/"), cookie);
        assertTrue(cookie.startsWith("session=abc"), cookie);
        assertTrue(cookie.contains("SameSite=Lax"), cookie);
        assertTrue(cookie.contains("HttpOnly"), cookie);
    }

    @Test
    void noRouteGives503() throws Exception {
        HttpResponse<String> response = get("/elsewhere/x");
        assertEquals(503, response.statusCode());
        assertTrue(response.body().contains("no backend is configured for this request"), response.body());
    }

    @Test
    void reservedPrefixIsNeverForwarded() throws Exception {
        HttpResponse<String> response = get("/lodestar/spark/");
        // Lodestar's own URL space asks an anonymous client to log in (StatsExportIT: 403/404 after it).
        assertEquals(401, response.statusCode(), response.body());
        assertNull(sparks.spark1().last());
        assertNull(sparks.spark2().last());
        assertNull(sparks.spark3().last());
    }

    // --- streaming -----------------------------------------------------------------------------------

    @Test
    void tenMegabyteDownloadIsStreamed() throws Exception {
        HttpResponse<InputStream> response = client.send(HttpRequest.newBuilder(url("/spark/download")).build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        MessageDigest received = sha256();
        MessageDigest expected = sha256();
        try (InputStream in = response.body()) {
            byte[] first = in.readNBytes(STREAMED);
            received.update(first);
            // The server sends the rest only once the client has half of its first megabyte: a proxy that
            // buffered the whole body would leave both waiting until the server gave up.
            clientGotFirstMegabyte.countDown();
            byte[] rest = in.readAllBytes();
            received.update(rest);
            assertEquals(10L * MB, first.length + rest.length);
        }
        for (int i = 0; i < 10; i++) {
            expected.update(pattern(i, MB));
        }
        assertArrayEquals(expected.digest(), received.digest());
        assertTrue(downloadInterleaved.get(), "half a megabyte reached the client before the server sent the rest");
    }

    @Test
    void tenMegabyteUploadIsStreamed() throws Exception {
        AtomicBoolean interleaved = new AtomicBoolean();
        MessageDigest sent = sha256();
        InputStream body = new InputStream() {
            private long position;

            @Override
            public int read() {
                throw new UnsupportedOperationException();
            }

            @Override
            public int read(byte[] buffer, int offset, int length) {
                if (position >= 10L * MB) {
                    return -1;
                }
                if (position == MB) {
                    // Hold back the rest until the server has half of the first megabyte.
                    interleaved.set(await(backendGotFirstMegabyte));
                }
                long limit = position < MB ? MB : 10L * MB;
                int n = (int) Math.min(length, limit - position);
                for (int i = 0; i < n; i++) {
                    buffer[offset + i] = (byte) ((position + i) * 31);
                }
                sent.update(buffer, offset, n);
                position += n;
                return n;
            }
        };
        HttpRequest request = HttpRequest.newBuilder(url("/spark/upload"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> body)).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals(10L * MB, uploadReceived.get());
        assertArrayEquals(sent.digest(), uploadDigest.get());
        assertTrue(interleaved.get(), "the server had half a megabyte before the client sent the rest");
    }

    /**
     * A chunked upload to a server slower than the forwarding thread waits gets the server's answer. Payara's
     * listener ended such a request itself with an empty 200 once it was made asynchronous.
     */
    @Test
    void chunkedUploadToASlowServerGetsTheServersAnswer() throws Exception {
        byte[] bytes = "a chunked body".getBytes(StandardCharsets.UTF_8);
        HttpRequest request = HttpRequest.newBuilder(url("/spark/slow-upload"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(bytes))).build();
        HttpResponse<String> response = client.send(request, HttpResponse.BodyHandlers.ofString());
        assertEquals(200, response.statusCode(), response.body());
        assertEquals("received " + bytes.length, response.body());
    }

    // --- failures --------------------------------------------------------------------------------------

    @Test
    void serverDownGives503AfterRetriesAndRedispatch() throws Exception {
        HttpResponse<String> response = get("/down/x");
        assertEquals(503, response.statusCode());
        String body = response.body();
        assertTrue(body.contains("cannot connect after 3 attempt(s)"), body);
        assertTrue(body.contains("d1") && body.contains("d2"), "the last retry was redispatched: " + body);
        assertFalse(body.contains("Exception"), body);
    }

    @Test
    void hungServerGives504AfterTimeoutServer() throws Exception {
        long start = System.nanoTime();
        HttpResponse<String> response = get("/slow/x");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(504, response.statusCode());
        assertTrue(response.body().contains("timeout server (1500 ms)"), response.body());
        assertTrue(millis >= 1400, "answered before timeout server: " + millis + " ms");
    }

    @Test
    void garbageInsteadOfHttpGives502() throws Exception {
        HttpResponse<String> response = get("/garbage/x");
        assertEquals(502, response.statusCode());
        assertTrue(response.body().contains("server g1 sent an invalid response"), response.body());
        assertFalse(response.body().contains("at org."), "no stack trace: " + response.body());
    }

    @Test
    void maxconnQueuesThenRefusesWhenQueueFullOrTimedOut() throws Exception {
        CompletableFuture<HttpResponse<String>> holder = getAsync("/limited/hold");
        assertTrue(await(limitedEntered.get()), "first request reached the server");

        HttpResponse<String> timedOut = get("/limited/waits-too-long");
        assertEquals(503, timedOut.statusCode());
        assertTrue(timedOut.body().contains("timeout queue (1500 ms)"), timedOut.body());

        CompletableFuture<HttpResponse<String>> second = getAsync("/limited/second");
        CompletableFuture<HttpResponse<String>> third = getAsync("/limited/third");
        CompletableFuture.anyOf(second, third).get(WAIT.toSeconds(), TimeUnit.SECONDS);
        HttpResponse<String> refused = second.isDone() ? second.get() : third.get();
        CompletableFuture<HttpResponse<String>> queued = second.isDone() ? third : second;
        assertEquals(503, refused.statusCode());
        assertTrue(refused.body().contains("queue is full"), refused.body());
        assertFalse(queued.isDone(), "one request waits in the queue");

        limitedGate.get().countDown();
        assertEquals(200, holder.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode());
        assertEquals(200, queued.get(WAIT.toSeconds(), TimeUnit.SECONDS).statusCode());
    }

    // --- helpers ---------------------------------------------------------------------------------------

    private ProxyClient proxy() {
        return new ProxyClient(base, WAIT);
    }

    private String contextPath() {
        return proxy().contextPath();
    }

    private URI url(String path) {
        return proxy().url(path);
    }

    private HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return proxy().get(path);
    }

    private CompletableFuture<HttpResponse<String>> getAsync(String path) {
        return client.sendAsync(HttpRequest.newBuilder(url(path)).timeout(WAIT).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    @BeforeEach
    void forgetEarlierRequests() {
        forgetAllRequests();
    }

    /** The request the one spark backend that was chosen received since the last call. */
    private static TestBackend.Received lastSparkRequest() {
        List<TestBackend.Received> received = List.of(sparks.spark1(), sparks.spark2(), sparks.spark3()).stream()
                .map(TestBackend::last).filter(java.util.Objects::nonNull).toList();
        forgetAllRequests();
        assertEquals(1, received.size(), "exactly one spark backend received the request: " + received);
        return received.get(0);
    }

    private static void forgetAllRequests() {
        List.of(sparks.spark1(), sparks.spark2(), sparks.spark3()).forEach(TestBackend::forgetLast);
    }

    /** Sends a request as raw bytes and returns the response's status line. */
    private String rawRequest(String request) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), base.getPort())) {
            socket.setSoTimeout((int) WAIT.toMillis());
            socket.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            return new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                    StandardCharsets.ISO_8859_1)).readLine();
        }
    }

    private static boolean await(CountDownLatch latch) {
        try {
            return latch.await(WAIT.toSeconds(), TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static byte[] pattern(int block, int size) {
        byte[] bytes = new byte[size];
        for (int i = 0; i < size; i++) {
            bytes[i] = (byte) (block * 7 + i);
        }
        return bytes;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Answers every connection with bytes that are not HTTP. */
    private static final class GarbageServer implements AutoCloseable {
        private final ServerSocket socket;
        private final Thread acceptor;

        GarbageServer() throws IOException {
            socket = new ServerSocket(0, 16, InetAddress.getLoopbackAddress());
            acceptor = new Thread(() -> {
                while (!socket.isClosed()) {
                    try (Socket connection = socket.accept()) {
                        connection.getOutputStream().write("SSH-2.0-OpenSSH_9.2\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
                    } catch (IOException e) {
                        return;
                    }
                }
            }, "garbage-backend");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return socket.getLocalPort();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
