package org.lodestar.container;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.lodestar.config.Config;
import org.lodestar.config.ConfigException;
import org.lodestar.config.ConfigLocation;
import org.lodestar.config.ConfigParser;
import org.lodestar.config.ConfigSource;
import org.lodestar.config.Diagnostic;
import org.lodestar.health.CheckLateness;
import org.lodestar.state.SharedState;

/**
 * The running configuration, loaded once on first use by whichever starts first: the check scheduler
 * or the proxy servlet. A configuration with errors fails that start, after logging every error as
 * {@code FILE:LINE: message}: a proxy that half-understood its config would route traffic wrongly.
 *
 * <p>{@link #reload} swaps in a new {@link ProxyRuntime} atomically. A request reads the runtime once
 * and finishes on it, so requests in flight during a reload end on the old configuration and new ones
 * start on the new; a configuration with errors is refused and the running one stays.
 */
@ApplicationScoped
public class Lodestar {
    private static final Logger LOG = Logger.getLogger("lodestar");

    private volatile ProxyRuntime runtime;
    /** This instance in its cluster, when the configuration at start has {@code lodestar-cluster}. */
    private volatile ClusterLink cluster;
    /** The text of the configuration in effect (or of the last one read, if it had errors): hashed, scanned. */
    private volatile String configText = "";
    /** Set when the application stops: the monitor URI fails from then on. */
    private volatile boolean stopping;
    private final List<BiConsumer<ProxyRuntime, ProxyRuntime>> replacementListeners = new CopyOnWriteArrayList<>();
    private final CheckLateness checkLateness = new CheckLateness();

    public ProxyRuntime runtime() {
        ProxyRuntime current = runtime;
        return current != null ? current : firstRuntime();
    }

    private synchronized ProxyRuntime firstRuntime() {
        if (runtime == null) {
            ConfigSource source;
            try {
                source = location().read();
            } catch (IOException e) {
                LOG.severe("Lodestar cannot start: " + e.getMessage());
                throw new IllegalStateException("Lodestar cannot start: " + e.getMessage());
            }
            configText = source.text();
            Config config;
            try {
                config = parse(source);
            } catch (ConfigException e) {
                throw new IllegalStateException("Lodestar cannot start: " + e.errors().size()
                        + " error(s) in " + source.name() + ", listed above");
            }
            SharedState shared = SharedState.ALONE;
            if (config.cluster().isPresent()) {
                // Before the runtime exists: the cluster's settings are read first, so the first request routes on them.
                cluster = ClusterLink.join(config.cluster().get(), System::getProperty, System::getenv,
                        () -> runtime, () -> configText);
                shared = cluster.state();
            }
            runtime = new ProxyRuntime(config, Clock.systemUTC(), shared);
        }
        return runtime;
    }

    /** This instance's cluster link, when the configuration at start has {@code lodestar-cluster}. */
    public Optional<ClusterLink> cluster() {
        return Optional.ofNullable(cluster);
    }

    /**
     * Whether this instance can route now, as its {@code monitor-uri} tells: it has a running configuration and
     * is not stopping.
     */
    public boolean canRoute() {
        if (stopping) {
            return false;
        }
        try {
            runtime();
            return true;
        } catch (IllegalStateException noConfiguration) {
            return false;
        }
    }

    /**
     * The {@code monitor-uri} paths: the running configuration's; without one (its file had errors) those its text
     * names, so that the balancer in front learns that this instance cannot route.
     */
    public Set<String> monitorUris() {
        ProxyRuntime current = runtime;
        if (current != null) {
            return current.monitorUris();
        }
        Set<String> uris = new HashSet<>();
        Matcher m = MONITOR_URI_LINE.matcher(configText);
        while (m.find()) {
            uris.add(m.group(1));
        }
        return uris;
    }

    private static final Pattern MONITOR_URI_LINE = Pattern.compile("(?m)^\\s*monitor-uri\\s+(/\\S*)");

    /**
     * Stopping (undeploy, server shutdown): the monitor URI fails first, then requests in flight get up to
     * {@link #DRAIN_LIMIT} to finish, then the cluster link closes (this instance leaves the member list).
     */
    @PreDestroy
    void stop() {
        stopping = true;
        ProxyRuntime current = runtime;
        if (current != null) {
            long deadline = System.nanoTime() + DRAIN_LIMIT.toNanos();
            while (current.activeRequests() > 0 && System.nanoTime() < deadline) {
                try {
                    Thread.sleep(50);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            if (current.activeRequests() > 0) {
                LOG.warning("Lodestar stopping with " + current.activeRequests() + " request(s) still in flight after "
                        + DRAIN_LIMIT.toSeconds() + " s");
            }
        }
        ClusterLink link = cluster;
        if (link != null) {
            link.close();
        }
    }

    /** How long stopping waits for requests in flight. */
    static final Duration DRAIN_LIMIT = Duration.ofSeconds(10);

    /**
     * Called after each reload with the previous and the new runtime, on the reloading thread: the health
     * checks move to the new runtime's monitor this way.
     */
    public void onReplacement(BiConsumer<ProxyRuntime, ProxyRuntime> listener) {
        replacementListeners.add(listener);
    }

    /**
     * How late the health checks start, across reloads and whichever scheduler runs them: the statistics page
     * says so while they do.
     */
    public CheckLateness checkLateness() {
        return checkLateness;
    }

    /** Reads the configuration again from where it came at start (file, or the bundled copy). */
    public ReloadOutcome reload() {
        ConfigSource source;
        try {
            source = location().read();
        } catch (IOException e) {
            LOG.warning("reload refused, the running configuration stays: " + e.getMessage());
            return new ReloadOutcome.Refused("configuration file", List.of(e.getMessage()));
        }
        return reload(source);
    }

    /**
     * Runs {@code source} instead of the running configuration, keeping counters and the run-time admin
     * state of servers that still exist ({@link ProxyRuntime#ProxyRuntime(Config, Clock, ProxyRuntime)}).
     */
    public synchronized ReloadOutcome reload(ConfigSource source) {
        ProxyRuntime previous = runtime();
        Config config;
        try {
            config = parse(source);
        } catch (ConfigException e) {
            LOG.warning("reload refused, the running configuration stays: " + e.errors().size() + " error(s) in "
                    + source.name() + ", listed above");
            return new ReloadOutcome.Refused(source.name(), e.errors().stream().map(Diagnostic::toString).toList());
        }
        if (!config.cluster().equals(previous.config().cluster())) {
            LOG.warning("the 'lodestar-cluster' line changed; it takes effect at the next start, the running instance"
                    + " stays " + (cluster == null ? "alone" : "in " + cluster.state().describe()));
        }
        ProxyRuntime next = new ProxyRuntime(config, Clock.systemUTC(), previous);
        configText = source.text();
        runtime = next;
        for (BiConsumer<ProxyRuntime, ProxyRuntime> listener : replacementListeners) {
            listener.accept(previous, next);
        }
        LOG.info("Lodestar reloaded " + source.name());
        return new ReloadOutcome.Reloaded(source.name(), config.frontends().size(), config.backends().size(),
                config.warnings());
    }

    private static ConfigLocation location() {
        return new ConfigLocation(System::getProperty, System::getenv,
                () -> Lodestar.class.getResourceAsStream(ConfigLocation.BUNDLED_RESOURCE));
    }

    /** Parses and logs as at start: every error and warning with its FILE:LINE. */
    private static Config parse(ConfigSource source) throws ConfigException {
        Config config;
        try {
            config = ConfigParser.parse(source.name(), source.text());
        } catch (ConfigException e) {
            for (Diagnostic error : e.errors()) {
                LOG.severe(error.toString());
            }
            throw e;
        }
        LOG.info("Lodestar configuration in effect: " + source.name());
        for (Diagnostic warning : config.warnings()) {
            LOG.warning(warning.toString());
        }
        LOG.log(Level.INFO, "Lodestar ready: {0} frontend(s), {1} backend(s)",
                new Object[] {config.frontends().size(), config.backends().size()});
        return config;
    }
}
