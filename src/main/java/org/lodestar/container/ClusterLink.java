package org.lodestar.container;

import java.io.IOException;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.logging.Logger;
import org.lodestar.cluster.Member;
import org.lodestar.cluster.ZooKeeperState;
import org.lodestar.config.ClusterSettings;
import org.lodestar.config.Frontend;
import org.lodestar.server.ServerStatus;

/**
 * This instance in its {@code lodestar-cluster}: its id, the ZooKeeper link, and how it describes itself to the
 * others ({@link Member}). Lives as long as the application, across reloads (the line takes effect at start).
 */
public final class ClusterLink implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("lodestar.cluster");
    /** How long a starting instance waits for ZooKeeper before it routes on its local cache. */
    static final Duration JOIN_WAIT = Duration.ofSeconds(10);
    /** Lodestar's version, as the stats page and the member list show it. */
    public static final String VERSION = readVersion();

    private final String instance;
    private final ZooKeeperState state;
    private volatile String address;

    private ClusterLink(ClusterSettings settings, String instance, Supplier<ProxyRuntime> runtime,
                        Supplier<String> configText) throws InterruptedException {
        this.instance = instance;
        this.address = hostName();
        this.state = ZooKeeperState.start(settings, instance, () -> describe(runtime.get(), configText.get()),
                JOIN_WAIT);
    }

    /**
     * Joins the cluster, waiting up to {@link #JOIN_WAIT} for its settings.
     *
     * @param properties system properties, for {@code lodestar.instance}
     * @param environment environment variables, for {@code LODESTAR_INSTANCE}
     */
    static ClusterLink join(ClusterSettings settings, Function<String, String> properties,
                            Function<String, String> environment, Supplier<ProxyRuntime> runtime,
                            Supplier<String> configText) {
        String instance = instanceId(settings, properties, environment);
        LOG.info("Lodestar cluster: instance " + instance + " joining ZooKeeper " + settings.connectString()
                + " path " + settings.path());
        try {
            return new ClusterLink(settings, instance, runtime, configText);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while joining the cluster", e);
        }
    }

    /** The line's {@code instance}, else {@code -Dlodestar.instance}, else {@code LODESTAR_INSTANCE}, else the host name. */
    static String instanceId(ClusterSettings settings, Function<String, String> properties,
                             Function<String, String> environment) {
        return settings.instance()
                .or(() -> Optional.ofNullable(properties.apply("lodestar.instance")).filter(s -> !s.isBlank()))
                .or(() -> Optional.ofNullable(environment.apply("LODESTAR_INSTANCE")).filter(s -> !s.isBlank()))
                .orElseGet(ClusterLink::hostName);
    }

    public ZooKeeperState state() {
        return state;
    }

    public String instance() {
        return instance;
    }

    /** Where clients reach this instance, as the last request saw it. */
    public void reachedAt(String hostAndPort) {
        address = hostAndPort;
    }

    private Member describe(ProxyRuntime runtime, String configText) {
        long now = System.currentTimeMillis();
        long rate = 0;
        Map<String, String> health = new LinkedHashMap<>();
        if (runtime != null) {
            for (Frontend frontend : runtime.config().frontends()) {
                rate += runtime.stats().frontend(frontend.name()).rate(now);
            }
            for (ServerStatus status : runtime.servers().all()) {
                health.put(status.backend() + "/" + status.server().name(), status.state().name());
            }
        }
        return new Member(instance, address, VERSION, Instant.ofEpochMilli(
                ManagementFactory.getRuntimeMXBean().getStartTime()), runtime == null ? "?" : runtime.config().source(),
                sha256(configText), rate, health);
    }

    static String sha256(String text) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }

    private static String readVersion() {
        try (InputStream in = ClusterLink.class.getResourceAsStream("/org/lodestar/version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties properties = new Properties();
            properties.load(in);
            return properties.getProperty("version", "unknown");
        } catch (IOException e) {
            return "unknown";
        }
    }

    @Override
    public void close() {
        state.close();
    }
}
