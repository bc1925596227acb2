package org.lodestar.container;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lodestar.config.Config;
import org.lodestar.config.ConfigException;
import org.lodestar.config.ConfigLocation;
import org.lodestar.config.ConfigParser;
import org.lodestar.config.ConfigSource;
import org.lodestar.config.Diagnostic;
import org.lodestar.health.CheckLateness;

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
            Config config;
            try {
                config = parse(source);
            } catch (ConfigException e) {
                throw new IllegalStateException("Lodestar cannot start: " + e.errors().size()
                        + " error(s) in " + source.name() + ", listed above");
            }
            runtime = new ProxyRuntime(config, Clock.systemUTC());
        }
        return runtime;
    }

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
        ProxyRuntime next = new ProxyRuntime(config, Clock.systemUTC(), previous);
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
