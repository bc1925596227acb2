package org.lodestar.container;

import jakarta.enterprise.context.ApplicationScoped;
import java.io.IOException;
import java.time.Clock;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lodestar.config.Config;
import org.lodestar.config.ConfigException;
import org.lodestar.config.ConfigLocation;
import org.lodestar.config.ConfigParser;
import org.lodestar.config.ConfigSource;
import org.lodestar.config.Diagnostic;

/**
 * The running configuration, loaded once on first use by whichever starts first: the check scheduler
 * or the proxy servlet. A configuration with errors fails that start, after logging every error as
 * {@code FILE:LINE: message}: a proxy that half-understood its config would route traffic wrongly.
 */
@ApplicationScoped
public class Lodestar {
    private static final Logger LOG = Logger.getLogger("lodestar");

    private ProxyRuntime runtime;

    public synchronized ProxyRuntime runtime() {
        if (runtime == null) {
            runtime = new ProxyRuntime(load(), Clock.systemUTC());
        }
        return runtime;
    }

    private Config load() {
        ConfigLocation location = new ConfigLocation(System::getProperty, System::getenv,
                () -> Lodestar.class.getResourceAsStream(ConfigLocation.BUNDLED_RESOURCE));
        ConfigSource source;
        try {
            source = location.read();
        } catch (IOException e) {
            LOG.severe("Lodestar cannot start: " + e.getMessage());
            throw new IllegalStateException("Lodestar cannot start: " + e.getMessage());
        }
        LOG.info("Lodestar configuration in effect: " + source.name());
        Config config;
        try {
            config = ConfigParser.parse(source.name(), source.text());
        } catch (ConfigException e) {
            for (Diagnostic error : e.errors()) {
                LOG.severe(error.toString());
            }
            throw new IllegalStateException("Lodestar cannot start: " + e.errors().size()
                    + " error(s) in " + source.name() + ", listed above");
        }
        for (Diagnostic warning : config.warnings()) {
            LOG.warning(warning.toString());
        }
        LOG.log(Level.INFO, "Lodestar ready: {0} frontend(s), {1} backend(s)",
                new Object[] {config.frontends().size(), config.backends().size()});
        return config;
    }
}
