package org.lodestar.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.http.HttpHost;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.util.EntityUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lodestar.stats.TrafficCounters;

/**
 * The pool against a real server on loopback that answers as scripted per request: a connection that
 * carries bytes no request asked for is closed and counted, never lent again; a clean one is reused.
 */
class UpstreamConnectionPoolTest {
    private final TrafficCounters server = new TrafficCounters();
    private final TrafficCounters backend = new TrafficCounters();
    private final UpstreamConnectionPool pool = new UpstreamConnectionPool(
            RegistryBuilder.<ConnectionSocketFactory>create().register("http", PlainConnectionSocketFactory.INSTANCE)
                    .build(), new UnsolicitedBytes(System::nanoTime));
    private final CloseableHttpClient client = HttpClients.custom().setConnectionManager(pool).build();
    private ScriptedServer backendServer;
    /** The connection the last {@link #get} went over. */
    private UpstreamConnection lastConnection;

    @AfterEach
    void close() throws IOException {
        client.close();
        if (backendServer != null) {
            backendServer.close();
        }
    }

    @Test
    void connectionAnsweredTwiceIsClosedNotPooledAndCounted() throws Exception {
        backendServer = new ScriptedServer((path, out) -> out.write(ok("first") + ok("second")));
        assertEquals("first", get("/one"));
        assertEquals(0, pool.getTotalStats().getAvailable(), "not kept");
        assertEquals("first", get("/two"));
        assertEquals(2, backendServer.connections.get(), "the second request went on a new connection");
        assertEquals(2, server.responseErrors());
        assertEquals(2, backend.responseErrors());
    }

    @Test
    void bytesArrivingWhileIdleAreFoundBeforeTheConnectionIsLentAgain() throws Exception {
        Semaphore pooled = new Semaphore(0);
        Semaphore written = new Semaphore(0);
        backendServer = new ScriptedServer((path, out) -> {
            out.write(ok(path));
            if (path.equals("/late")) {
                pooled.acquire();
                out.write(ok("stale"));
                written.release();
            }
        });
        assertEquals("/late", get("/late"));
        assertEquals(1, pool.getTotalStats().getAvailable(), "kept while it was clean");
        pooled.release();
        assertTrue(written.tryAcquire(10, TimeUnit.SECONDS));
        awaitUnreadBytesOn(lastConnection);
        assertEquals("/next", get("/next"), "the stale answer was not taken for this one");
        assertEquals(2, backendServer.connections.get());
        assertEquals(1, server.responseErrors());
    }

    @Test
    void cleanConnectionIsReused() throws Exception {
        backendServer = new ScriptedServer((path, out) -> out.write(ok(path)));
        for (int i = 0; i < 5; i++) {
            assertEquals("/" + i, get("/" + i));
        }
        assertEquals(1, backendServer.connections.get());
        assertEquals(0, server.responseErrors());
    }

    /** The stale bytes travel through loopback: wait (bounded) until the idle connection has them. */
    private static void awaitUnreadBytesOn(UpstreamConnection connection) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (connection.unreadBytes() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(5);
        }
        assertTrue(connection.unreadBytes() > 0, "the stale answer reached the idle connection");
    }

    private String get(String path) throws IOException {
        HttpClientContext context = HttpClientContext.create();
        try (CloseableHttpResponse response = client.execute(new HttpHost("127.0.0.1", backendServer.port()),
                new HttpGet(path), context)) {
            lastConnection = UpstreamConnection.of(context.getConnection());
            lastConnection.usedBy(new UpstreamConnection.LastUse("B", "s1", server, backend));
            return EntityUtils.toString(response.getEntity());
        }
    }

    private static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    /** Answers each request head on a kept-alive connection as the script says. */
    private static final class ScriptedServer implements AutoCloseable {
        interface Script {
            void answer(String path, Writer out) throws IOException, InterruptedException;
        }

        interface Writer {
            void write(String text) throws IOException;
        }

        private final ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        private final AtomicInteger connections = new AtomicInteger();
        private final CopyOnWriteArrayList<Socket> sockets = new CopyOnWriteArrayList<>();

        ScriptedServer(Script script) throws IOException {
            Thread acceptor = new Thread(() -> {
                while (!listener.isClosed()) {
                    try {
                        Socket socket = listener.accept();
                        connections.incrementAndGet();
                        sockets.add(socket);
                        Thread serving = new Thread(() -> serve(socket, script));
                        serving.setDaemon(true);
                        serving.start();
                    } catch (IOException closed) {
                        return;
                    }
                }
            });
            acceptor.setDaemon(true);
            acceptor.start();
        }

        int port() {
            return listener.getLocalPort();
        }

        private void serve(Socket socket, Script script) {
            try (socket) {
                InputStream in = socket.getInputStream();
                OutputStream out = socket.getOutputStream();
                String head;
                while (!(head = readHead(in)).isEmpty()) {
                    String path = head.split(" ")[1];
                    script.answer(path, text -> {
                        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
                        out.flush();
                    });
                }
            } catch (IOException | InterruptedException e) {
                // the client closed the connection
            }
        }

        private static String readHead(InputStream in) throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            int b;
            while ((b = in.read()) >= 0) {
                head.write(b);
                if (head.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    break;
                }
            }
            return head.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            listener.close();
            for (Socket socket : sockets) {
                socket.close();
            }
        }
    }
}
