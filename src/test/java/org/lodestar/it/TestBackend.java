package org.lodestar.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A real HTTP server on an ephemeral loopback port standing in for one Spark master (or any backend).
 * It records the last request it received so tests can see exactly what the proxy sent.
 */
public final class TestBackend implements AutoCloseable {
    /** What reached the backend: the request target as sent (raw), and the headers. */
    public record Received(String method, String rawTarget, Map<String, List<String>> headers) {
        public String header(String name) {
            return headers.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(name))
                    .map(e -> String.join(", ", e.getValue())).findFirst().orElse(null);
        }
    }

    private final String name;
    private final HttpServer server;
    private volatile String role = "ALIVE";
    private final java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
    /** When each health check arrived ({@link System#nanoTime}), in order. Guarded by itself. */
    private final List<Long> checkArrivals = new ArrayList<>();
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final AtomicReference<Received> last = new AtomicReference<>();

    public TestBackend(String name) throws IOException {
        this.name = name;
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 64);
        server.setExecutor(executor);
        server.createContext("/", this::echo);
        server.start();
    }

    public int port() {
        return server.getAddress().getPort();
    }

    public String name() {
        return name;
    }

    /** The request last forwarded by the proxy (health checks are counted, not recorded). */
    public Received last() {
        return last.get();
    }

    /** What the Spark-like status line of {@code GET /} says: ALIVE for the leader, STANDBY otherwise. */
    public void role(String role) {
        this.role = role;
    }

    /** Health checks received so far: requests without the proxy's X-Forwarded-For. */
    public int checks() {
        return checks.get();
    }

    /**
     * Asserts that this backend is health-checked about every 250 ms, as fast failover checks a DOWN server:
     * the median interval between its next nine checks is under 700 ms. Through EJB timers at Payara's
     * default minimum delivery interval the checks came at least 1000 ms apart. Waits up to {@code limit}.
     */
    public void assertRecheckedWellWithinASecond(Duration limit) throws InterruptedException {
        int count = 8;
        List<Duration> intervals = nextCheckIntervals(count, limit);
        List<Long> millis = intervals.stream().map(Duration::toMillis).toList();
        assertEquals(count, intervals.size(), name + " is not re-checked: intervals " + millis + " ms");
        Duration median = intervals.stream().sorted().toList().get(count / 2);
        assertTrue(median.compareTo(Duration.ofMillis(700)) < 0, name + " re-checked every " + median.toMillis()
                + " ms (median), intervals " + millis + " ms");
    }

    /** The intervals between the next {@code count + 1} health checks, fewer if they do not come in time. */
    private List<Duration> nextCheckIntervals(int count, Duration limit) throws InterruptedException {
        int from;
        synchronized (checkArrivals) {
            from = checkArrivals.size();
        }
        long deadline = System.nanoTime() + limit.toNanos();
        List<Long> arrivals;
        do {
            Thread.sleep(50);
            synchronized (checkArrivals) {
                arrivals = List.copyOf(checkArrivals.subList(from, checkArrivals.size()));
            }
        } while (arrivals.size() <= count && System.nanoTime() < deadline);
        List<Duration> intervals = new ArrayList<>();
        for (int i = 1; i < arrivals.size() && intervals.size() < count; i++) {
            intervals.add(Duration.ofNanos(arrivals.get(i) - arrivals.get(i - 1)));
        }
        return intervals;
    }

    public void forgetLast() {
        last.set(null);
    }

    /** Serves {@code path} (and everything under it) with {@code handler}, after recording the request. */
    public TestBackend route(String path, HttpHandler handler) {
        if (path.equals("/")) {
            server.removeContext("/");
        }
        server.createContext(path, exchange -> {
            record(exchange);
            handler.handle(exchange);
        });
        return this;
    }

    /** Like a Spark master: every path answers 200, and the page carries the master's status line. */
    private void echo(HttpExchange exchange) throws IOException {
        record(exchange);
        send(exchange, 200, "<html><body><ul>\n<li><strong>Status:</strong> " + role + "</li>\n</ul>\n"
                + "backend " + name + " saw " + exchange.getRequestURI().toString() + "\n</body></html>");
    }

    private void record(HttpExchange exchange) {
        if (exchange.getRequestHeaders().containsKey("X-Forwarded-For")) {
            last.set(new Received(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
                    Map.copyOf(exchange.getRequestHeaders())));
        } else {
            checks.incrementAndGet();
            synchronized (checkArrivals) {
                checkArrivals.add(System.nanoTime());
            }
        }
    }

    public static void send(HttpExchange exchange, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }

    /** Closes each backend a test class started; those never started (null) are skipped. */
    public static void closeAll(TestBackend... backends) {
        for (TestBackend backend : backends) {
            if (backend != null) {
                backend.close();
            }
        }
    }

    /** A loopback port nothing listens on, for servers that are down. */
    public static int closedPort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
