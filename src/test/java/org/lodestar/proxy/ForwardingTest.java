package org.lodestar.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lodestar.it.RawBackend;

/**
 * The forwarding path in-process: the real proxy servlet (in Jetty) in front of real servers on loopback,
 * as Jetty's own proxy tests do; each test names the scenario.
 */
class ForwardingTest {
    private static final String DEFAULTS = """
            defaults
              mode http
              retries 2
              option redispatch
              timeout connect 2s
              timeout server 1500ms
            frontend F
              default_backend B
            """;

    private final List<AutoCloseable> closing = new ArrayList<>();
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void close() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
    }

    private HttpServer backend(int delayMillis) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 512);
        ExecutorService threads = Executors.newCachedThreadPool();
        server.setExecutor(threads);
        server.createContext("/", exchange -> {
            try {
                Thread.sleep(delayMillis);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            byte[] request = exchange.getRequestBody().readAllBytes();
            byte[] body = ("ok " + exchange.getRequestURI().getPath() + (request.length > 0
                    ? " " + new String(request, StandardCharsets.UTF_8) : "")).getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + exchange.getLocalAddress().getPort()
                    + "/moved");
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        closing.add(() -> {
            server.stop(0);
            threads.shutdownNow();
        });
        return server;
    }

    private RawBackend raw(RawBackend.Reply reply) throws IOException {
        RawBackend backend = new RawBackend(reply);
        closing.add(backend);
        return backend;
    }

    private ProxyUnderTest proxy(String backendSection, int threads) throws Exception {
        ProxyUnderTest proxy = new ProxyUnderTest(DEFAULTS + backendSection, threads);
        closing.add(0, proxy);
        return proxy;
    }

    private ProxyUnderTest proxy(String backendSection) throws Exception {
        return proxy(backendSection, 32);
    }

    private HttpResponse<String> get(ProxyUnderTest proxy, String path) throws Exception {
        return http.send(HttpRequest.newBuilder(proxy.url(path)).timeout(Duration.ofSeconds(30)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Test
    void requestIsForwardedAndItsLocationPutBackUnderTheProxy() throws Exception {
        HttpServer backend = backend(0);
        ProxyUnderTest proxy = proxy("backend B\n  server s1 127.0.0.1:" + backend.getAddress().getPort() + "\n");
        HttpResponse<String> response = get(proxy, "/a?x=1");
        assertEquals(200, response.statusCode());
        assertEquals("ok /a", response.body());
        assertEquals("http://127.0.0.1:" + proxy.port() + "/moved", response.headers().firstValue("Location").orElse(""));
    }

    @Test
    void requestBodiesOfKnownAndUnknownLengthReachTheServer() throws Exception {
        HttpServer backend = backend(0);
        ProxyUnderTest proxy = proxy("backend B\n  server s1 127.0.0.1:" + backend.getAddress().getPort() + "\n");
        HttpResponse<String> known = http.send(HttpRequest.newBuilder(proxy.url("/post"))
                .POST(HttpRequest.BodyPublishers.ofString("hello")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("ok /post hello", known.body());
        String big = "x".repeat(100_000);
        HttpResponse<String> streamed = http.send(HttpRequest.newBuilder(proxy.url("/stream"))
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(
                        big.getBytes(StandardCharsets.UTF_8)))).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals("ok /stream " + big, streamed.body());
    }

    @Test
    void serverDownGives503AfterRetriesAndRedispatchToTheOtherServer() throws Exception {
        HttpServer up = backend(0);
        int down = closedPort();
        ProxyUnderTest proxy = proxy("backend B\n  balance first\n  server s0 127.0.0.1:" + down
                + "\n  server s1 127.0.0.1:" + up.getAddress().getPort() + "\n");
        assertEquals("ok /r", get(proxy, "/r").body(), "redispatched to the server that answers");
        ProxyUnderTest alone = proxy("backend B\n  no option redispatch\n  server s0 127.0.0.1:" + down + "\n");
        HttpResponse<String> refused = get(alone, "/r");
        assertEquals(503, refused.statusCode());
        assertTrue(refused.body().contains("cannot connect after 3 attempt(s): s0 (127.0.0.1:" + down
                + "): connection refused; s0"), refused.body());
    }

    @Test
    void silentServerGives504AfterTimeoutServer() throws Exception {
        RawBackend silent = raw((request, connection, out) -> Thread.sleep(5000));
        ProxyUnderTest proxy = proxy("backend B\n  server s1 " + silent.address() + "\n");
        long start = System.nanoTime();
        HttpResponse<String> response = get(proxy, "/");
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertEquals(504, response.statusCode());
        assertTrue(response.body().contains("did not answer within timeout server (1500 ms)"), response.body());
        assertTrue(millis >= 1400 && millis < 4000, millis + " ms");
    }

    @Test
    void garbageGives502() throws Exception {
        RawBackend garbage = raw((request, connection, out) -> RawBackend.write(out, "SSH-2.0-OpenSSH_9.2\r\n\r\n"));
        ProxyUnderTest proxy = proxy("backend B\n  server s1 " + garbage.address() + "\n");
        HttpResponse<String> response = get(proxy, "/");
        assertEquals(502, response.statusCode());
        assertTrue(response.body().contains("sent an invalid response (not an HTTP/1.x status line"), response.body());
    }

    @Test
    void serverFailingMidBodyLeavesAVisiblyTruncatedResponse() throws Exception {
        RawBackend truncated = raw((request, connection, out) -> RawBackend.write(out,
                "HTTP/1.1 200 OK\r\nContent-Length: 100000\r\n\r\n" + "x".repeat(1000)));
        ProxyUnderTest proxy = proxy("backend B\n  server s1 " + truncated.address() + "\n");
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            client.setSoTimeout(10_000);
            client.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            String answer = new String(readAll(client.getInputStream()), StandardCharsets.ISO_8859_1);
            assertTrue(answer.startsWith("HTTP/1.1 200 "), answer);
            assertTrue(answer.length() < 100_000, "the client sees fewer bytes than announced");
        }
    }

    @Test
    void requestsBeyondAServersMaxconnWaitWithoutAThreadOrGet503AfterTimeoutQueue() throws Exception {
        HttpServer backend = backend(300);
        ProxyUnderTest proxy = proxy("backend B\n  timeout queue 2s\n  server s1 127.0.0.1:"
                + backend.getAddress().getPort() + " maxconn 10\n");
        List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            responses.add(http.sendAsync(HttpRequest.newBuilder(proxy.url("/q/" + i)).timeout(Duration.ofSeconds(60))
                    .build(), HttpResponse.BodyHandlers.ofString()));
        }
        int ok = 0;
        int refused = 0;
        for (CompletableFuture<HttpResponse<String>> future : responses) {
            HttpResponse<String> response = future.get(90, TimeUnit.SECONDS);
            if (response.statusCode() == 200) {
                ok++;
            } else {
                assertEquals(503, response.statusCode(), response.body());
                assertTrue(response.body().contains("maxconn"), response.body());
                refused++;
            }
        }
        assertTrue(ok >= 10 && refused > 0, ok + " served, " + refused + " refused");
        assertEquals(0, proxy.runtime().pool(proxy.runtime().config().backends().get("B")).inflight());
    }

    @Test
    void clientLeavingMidDownloadFreesTheServerSlot() throws Exception {
        CountDownLatch cut = new CountDownLatch(1);
        RawBackend endless = raw((request, connection, out) -> {
            RawBackend.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100000000\r\n\r\n");
            try {
                for (int i = 0; i < 10_000; i++) {
                    RawBackend.write(out, "x".repeat(10_000));
                }
            } catch (IOException closedByTheProxy) {
                cut.countDown();
            }
        });
        ProxyUnderTest proxy = proxy("backend B\n  server s1 " + endless.address() + "\n");
        try (Socket client = new Socket(InetAddress.getLoopbackAddress(), proxy.port())) {
            client.getOutputStream().write("GET / HTTP/1.1\r\nHost: x\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            assertTrue(client.getInputStream().read(new byte[1000]) > 0);
        }
        assertTrue(cut.await(20, TimeUnit.SECONDS), "the proxy gave the server connection up");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (proxy.runtime().pool(proxy.runtime().config().backends().get("B")).inflight() != 0
                && System.nanoTime() < deadline) {
            Thread.sleep(10);
        }
        assertEquals(0, proxy.runtime().pool(proxy.runtime().config().backends().get("B")).inflight());
        assertFalse(endless.received().isEmpty());
    }

    private static byte[] readAll(InputStream in) throws IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        try {
            for (int n; (n = in.read(buffer)) >= 0; ) {
                bytes.write(buffer, 0, n);
            }
        } catch (java.net.SocketException | java.net.SocketTimeoutException ended) {
            // what arrived is the answer
        }
        return bytes.toByteArray();
    }
}
