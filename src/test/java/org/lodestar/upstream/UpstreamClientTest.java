package org.lodestar.upstream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The client against real servers on loopback that answer well, badly, twice or not at all. */
class UpstreamClientTest {
    private static final Duration CONNECT = Duration.ofSeconds(2);
    private static final Duration SERVER = Duration.ofMillis(800);

    private final List<String> unsolicited = new CopyOnWriteArrayList<>();
    private final UpstreamClient client = new UpstreamClient(Limits.DEFAULT, 2, Duration.ofSeconds(30),
            (owner, bytes, idle) -> unsolicited.add(owner + " " + bytes + (idle ? " idle" : " after")));
    private final List<RawServer> servers = new ArrayList<>();

    @AfterEach
    void close() throws IOException {
        client.close();
        for (RawServer server : servers) {
            server.close();
        }
    }

    private RawServer server(RawServer.Script script) throws IOException {
        RawServer server = new RawServer(script);
        servers.add(server);
        return server;
    }

    private static UpstreamRequest get(String path) {
        return new UpstreamRequest("GET", path, List.of(new Field("Host", "test")), 0, CONNECT, SERVER, "owner" + path);
    }

    private Recorder send(RawServer server, UpstreamRequest request) {
        Recorder recorder = new Recorder();
        client.send(server.target(8), request, recorder);
        return recorder;
    }

    @Test
    void keptAliveConnectionCarriesTheNextRequest() throws Exception {
        RawServer server = server((request, socket, out) -> {
            RawServer.write(out, RawServer.ok(request.substring(4, request.indexOf(' ', 4))));
            return true;
        });
        Recorder first = send(server, get("/one"));
        assertEquals("/one", first.body());
        assertEquals(Boolean.FALSE, first.reused);
        awaitIdle(server);
        Recorder second = send(server, get("/two"));
        assertEquals("/two", second.body());
        assertEquals(Boolean.TRUE, second.reused);
        assertEquals(1, server.connections.get());
        assertTrue(server.requests.get(1).startsWith("GET /two HTTP/1.1\r\nHost: test\r\n\r\n"), server.requests.get(1));
    }

    @Test
    void chunkedAndCloseDelimitedBodiesArriveWhole() throws Exception {
        RawServer chunked = server((request, socket, out) -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n");
            RawServer.write(out, "2\r\nde\r\n0\r\n\r\n");
            return true;
        });
        assertEquals("abcde", send(chunked, get("/")).body());
        RawServer http10 = server((request, socket, out) -> {
            RawServer.write(out, "HTTP/1.0 200 OK\r\n\r\nuntil the close");
            return false;
        });
        assertEquals("until the close", send(http10, get("/")).body());
    }

    @Test
    void secondAnswerToOneRequestClosesTheConnectionAndIsReported() throws Exception {
        RawServer server = server((request, socket, out) -> {
            RawServer.write(out, RawServer.ok("first") + RawServer.ok("second"));
            return true;
        });
        assertEquals("first", send(server, get("/a")).body());
        awaitNoConnection(server);
        assertEquals("first", send(server, get("/b")).body());
        assertEquals(2, server.connections.get());
        assertEquals("owner/a", unsolicited.get(0).split(" ")[0]);
    }

    @Test
    void bytesOnAnIdleConnectionCloseItAndAreReported() throws Exception {
        CountDownLatch answered = new CountDownLatch(1);
        RawServer server = server((request, socket, out) -> {
            RawServer.write(out, RawServer.ok("ok"));
            if (request.startsWith("GET /late ")) {
                answered.await(5, TimeUnit.SECONDS);
                Thread.sleep(100);
                RawServer.write(out, RawServer.ok("stale"));
            }
            return true;
        });
        assertEquals("ok", send(server, get("/late")).body());
        answered.countDown();
        awaitNoConnection(server);
        assertTrue(unsolicited.get(0).endsWith(" idle"), unsolicited.toString());
        assertEquals("ok", send(server, get("/next")).body());
        assertEquals(2, server.connections.get());
    }

    @Test
    void serverClosingAnIdleConnectionIsNoFailure() throws Exception {
        RawServer server = server((request, socket, out) -> {
            RawServer.write(out, RawServer.ok("ok"));
            return false; // closes after one answer, though it announced none
        });
        assertEquals("ok", send(server, get("/1")).body());
        awaitNoConnection(server);
        assertEquals("ok", send(server, get("/2")).body());
        assertEquals(List.of(), unsolicited);
    }

    @Test
    void refusedConnection() throws Exception {
        int port;
        try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = closed.getLocalPort();
        }
        Recorder recorder = new Recorder();
        client.send(new Target("127.0.0.1", port, 4), get("/"), recorder);
        UpstreamFailure failure = recorder.failure();
        assertEquals(new UpstreamFailure.ConnectFailed(UpstreamFailure.ConnectFailed.Reason.REFUSED,
                "connection refused"), failure);
    }

    @Test
    void silentServerTimesOutAfterTimeoutServer() throws Exception {
        RawServer server = server((request, socket, out) -> true);
        long start = System.nanoTime();
        UpstreamFailure failure = send(server, get("/")).failure();
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertInstanceOf(UpstreamFailure.HeadTimeout.class, failure);
        assertTrue(millis >= 750 && millis < 5000, millis + " ms");
    }

    @Test
    void headTrickledAByteAtATimeTimesOutAsAWhole() throws Exception {
        RawServer server = server((request, socket, out) -> {
            for (char c : "HTTP/1.1 200 OK\r\nX-Slow: aaaaaaaaaaaaaaaaaaaaaa".toCharArray()) {
                RawServer.write(out, String.valueOf(c));
                Thread.sleep(100);
            }
            return false;
        });
        assertInstanceOf(UpstreamFailure.HeadTimeout.class, send(server, get("/")).failure());
    }

    @Test
    void bodyStalledLongerThanTimeoutServer() throws Exception {
        RawServer server = server((request, socket, out) -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nsome");
            Thread.sleep(3000);
            return false;
        });
        Recorder recorder = send(server, get("/"));
        assertInstanceOf(UpstreamFailure.BodyTimeout.class, recorder.failure());
        assertEquals("some", recorder.bodySoFar());
    }

    @Test
    void closedBeforeAnswerMidHeadAndMidBodySayWhich() throws Exception {
        RawServer silent = server((request, socket, out) -> false);
        UpstreamFailure none = send(silent, get("/")).failure();
        assertEquals(new UpstreamFailure.NoResponse(false, false, "connection closed by the server before it answered"),
                none);
        RawServer midHead = server((request, socket, out) -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\nX-");
            return false;
        });
        assertInstanceOf(UpstreamFailure.Invalid.class, send(midHead, get("/")).failure());
        RawServer midBody = server((request, socket, out) -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
            socket.setSoLinger(true, 0);
            return false;
        });
        assertInstanceOf(UpstreamFailure.Cut.class, send(midBody, get("/")).failure());
    }

    @Test
    void garbageIsAnInvalidResponse() throws Exception {
        RawServer server = server((request, socket, out) -> {
            RawServer.write(out, "SSH-2.0-OpenSSH_9.2\r\n\r\n");
            return true;
        });
        UpstreamFailure failure = send(server, get("/")).failure();
        assertEquals(new UpstreamFailure.Invalid("not an HTTP/1.x status line: SSH-2.0-OpenSSH_9.2", false), failure);
    }

    @Test
    void pausedReadingResumesWhereItStopped() throws Exception {
        String big = "x".repeat(200_000);
        RawServer server = server((request, socket, out) -> {
            RawServer.write(out, RawServer.ok(big));
            return true;
        });
        Recorder recorder = new Recorder();
        recorder.pause = true;
        UpstreamExchange exchange = client.send(server.target(8), get("/"), recorder);
        recorder.head.get(5, TimeUnit.SECONDS);
        awaitCondition(() -> recorder.contentCalls >= 1);
        int length = recorder.bodySoFar().length();
        Thread.sleep(200);
        assertEquals(length, recorder.bodySoFar().length(), "nothing read while paused");
        assertFalse(recorder.done.isDone());
        recorder.pause = false;
        exchange.resume();
        assertEquals(big, recorder.body());
    }

    @Test
    void requestBodiesOfKnownAndUnknownLength() throws Exception {
        RawServer server = server((request, socket, out) -> {
            RawServer.write(out, RawServer.ok("got"));
            return true;
        });
        UpstreamRequest known = new UpstreamRequest("POST", "/k", List.of(), 5, CONNECT, SERVER, "k");
        Recorder first = new Recorder();
        UpstreamExchange exchange = client.send(server.target(8), known, first);
        exchange.body(ByteBuffer.wrap("hel".getBytes(StandardCharsets.US_ASCII)), () -> { });
        exchange.body(ByteBuffer.wrap("lo".getBytes(StandardCharsets.US_ASCII)), () -> { });
        exchange.endBody();
        assertEquals("got", first.body());
        assertTrue(server.requests.get(0).endsWith("Content-Length: 5\r\n\r\nhello"), server.requests.get(0));

        UpstreamRequest chunked = new UpstreamRequest("POST", "/c", List.of(), -1, CONNECT, SERVER, "c");
        Recorder second = new Recorder();
        UpstreamExchange streamed = client.send(server.target(8), chunked, second);
        streamed.body(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)), () -> { });
        streamed.endBody();
        assertEquals("got", second.body());
        assertTrue(server.requests.get(1).endsWith("Transfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n0\r\n\r\n"),
                server.requests.get(1));
    }

    @Test
    void requestsBeyondMaxConnectionsWaitForOne() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RawServer server = server((request, socket, out) -> {
            if (request.startsWith("GET /hold ")) {
                release.await(5, TimeUnit.SECONDS);
            }
            RawServer.write(out, RawServer.ok("done"));
            return true;
        });
        Recorder held = new Recorder();
        client.send(server.target(1), get("/hold"), held);
        Recorder waiting = new Recorder();
        client.send(server.target(1), get("/next"), waiting);
        Thread.sleep(200);
        assertFalse(waiting.done.isDone(), "waits for the only connection");
        release.countDown();
        assertEquals("done", held.body());
        assertEquals("done", waiting.body());
        assertEquals(1, server.connections.get());
    }

    @Test
    void abortedWhileWaitingForAConnection() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        RawServer server = server((request, socket, out) -> {
            release.await(5, TimeUnit.SECONDS);
            RawServer.write(out, RawServer.ok("done"));
            return true;
        });
        client.send(server.target(1), get("/hold"), new Recorder());
        Recorder waiting = new Recorder();
        UpstreamExchange exchange = client.send(server.target(1), get("/next"), waiting);
        exchange.abort("the client left");
        assertEquals(new UpstreamFailure.Aborted("the client left"), waiting.failure());
        release.countDown();
    }

    @Test
    void headRequestsHaveNoBodyWhateverTheLengthSays() throws Exception {
        RawServer server = server((request, socket, out) -> {
            RawServer.write(out, "HTTP/1.1 200 OK\r\nContent-Length: 1000\r\n\r\n");
            return true;
        });
        UpstreamRequest head = new UpstreamRequest("HEAD", "/", List.of(), 0, CONNECT, SERVER, "h");
        Recorder recorder = new Recorder();
        client.send(server.target(4), head, recorder);
        assertEquals("", recorder.body());
        assertEquals(1000, recorder.head.get().fields().stream().filter(f -> f.is("Content-Length"))
                .mapToInt(f -> Integer.parseInt(f.value())).sum());
    }

    private void awaitIdle(RawServer server) throws InterruptedException {
        awaitCondition(() -> client.idleConnections("127.0.0.1", server.port()) == 1);
    }

    private void awaitNoConnection(RawServer server) throws InterruptedException {
        awaitCondition(() -> client.openConnections("127.0.0.1", server.port()) == 0);
    }

    private static void awaitCondition(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 10 s");
            }
            Thread.sleep(5);
        }
    }
}
