package org.lodestar.container;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lodestar.server.Routing;
import org.lodestar.config.ConfigLocation;
import org.lodestar.config.ConfigSource;

/** The Tomcat flavour's scheduler outside CDI, started as CDI starts it: the checks' life across reloads. */
class ExecutorCheckSchedulerTest {
    private static final Duration PATIENCE = Duration.ofSeconds(20);

    private final ExecutorCheckScheduler scheduler = new ExecutorCheckScheduler();

    /** What the system property {@value ConfigLocation#PROPERTY} was before a test set it, if it did. */
    private Optional<String> previousConfigProperty;

    @AfterEach
    void stop() {
        scheduler.stop();
        if (previousConfigProperty != null) {
            previousConfigProperty.ifPresentOrElse(p -> System.setProperty(ConfigLocation.PROPERTY, p),
                    () -> System.clearProperty(ConfigLocation.PROPERTY));
        }
    }

    /**
     * Issue 12, item 3: after a reload the new runtime's servers were never checked (they stayed PENDING, so
     * requests waited for timeout queue and got 503) while the old monitor went on checking.
     */
    @Test
    void reloadedConfigurationIsCheckedAndTheOldOneIsNot(@TempDir Path directory) throws Exception {
        try (CountingBackend kept = new CountingBackend(); CountingBackend added = new CountingBackend()) {
            Lodestar lodestar = startOn(directory, oneServer(kept));
            ProxyRuntime first = lodestar.runtime();
            assertTrue(await(() -> allUp(first)), "the first configuration's server never came up");

            lodestar.reload(new ConfigSource("reloaded.cfg", oneServer(kept)
                    + "  server added 127.0.0.1:%d check inter 10s rise 1\n".formatted(added.port())));
            ProxyRuntime second = lodestar.runtime();
            assertTrue(await(() -> added.requests() > 0), "the server added by the reload was never checked");
            assertTrue(await(() -> allUp(second)), "the new configuration's servers never came up: "
                    + second.pool(second.config().backends().get("B")).snapshot());
            assertFalse(first.health().checkNow("B", "kept"), "the replaced configuration is still checked");
        }
    }

    @Test
    void reloadAfterTheStopStartsNoChecks(@TempDir Path directory) throws Exception {
        try (CountingBackend kept = new CountingBackend()) {
            Lodestar lodestar = startOn(directory, oneServer(kept));
            scheduler.stop();
            lodestar.reload(new ConfigSource("reloaded.cfg", oneServer(kept)));
            assertFalse(lodestar.runtime().health().checkNow("B", "kept"), "a reload after the stop started checks");
        }
    }

    private static String oneServer(CountingBackend backend) {
        return """
                backend B
                  option httpchk GET /
                  server kept 127.0.0.1:%d check inter 10s rise 1
                """.formatted(backend.port());
    }

    /** The scheduler started as CDI starts it, on a Lodestar reading {@code config} from a file. */
    private Lodestar startOn(Path directory, String config) throws IOException {
        Path file = Files.writeString(directory.resolve("lodestar.cfg"), config);
        previousConfigProperty = Optional.ofNullable(System.setProperty(ConfigLocation.PROPERTY, file.toString()));
        Lodestar lodestar = new Lodestar();
        lodestar.runtime(); // reads the file now, while the property names it
        scheduler.lodestar = lodestar;
        scheduler.start(new Object());
        return lodestar;
    }

    private static boolean allUp(ProxyRuntime runtime) {
        return runtime.servers().snapshots("B").stream().allMatch(s -> s.routing() == Routing.ROUTABLE);
    }

    private static boolean await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + PATIENCE.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Thread.sleep(10);
        }
        return true;
    }

    /** A loopback HTTP server answering every request with 200, counting them. */
    private static final class CountingBackend implements AutoCloseable {
        private final HttpServer server;
        private final AtomicInteger requests = new AtomicInteger();

        CountingBackend() throws IOException {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 16);
            server.createContext("/", exchange -> {
                requests.incrementAndGet();
                byte[] body = "ok".getBytes(StandardCharsets.UTF_8);
                exchange.sendResponseHeaders(200, body.length);
                exchange.getResponseBody().write(body);
                exchange.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        int requests() {
            return requests.get();
        }

        @Override
        public void close() {
            server.stop(0);
        }
    }
}
