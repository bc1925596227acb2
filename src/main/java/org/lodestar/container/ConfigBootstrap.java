package org.lodestar.container;

import jakarta.servlet.ServletContext;
import jakarta.servlet.ServletContextEvent;
import jakarta.servlet.ServletContextListener;
import jakarta.servlet.annotation.WebListener;
import java.io.IOException;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lodestar.config.Config;
import org.lodestar.config.ConfigException;
import org.lodestar.config.ConfigLocation;
import org.lodestar.config.ConfigParser;
import org.lodestar.config.ConfigSource;
import org.lodestar.config.Diagnostic;
import org.lodestar.proxy.ProxyRuntime;

/**
 * Loads the configuration when the application starts and publishes the {@link ProxyRuntime}. A
 * configuration with errors fails the deployment, after logging every error as {@code FILE:LINE: message}:
 * a proxy that half-understood its config would route traffic wrongly.
 */
@WebListener
public class ConfigBootstrap implements ServletContextListener {
    private static final Logger LOG = Logger.getLogger("lodestar");

    @Override
    public void contextInitialized(ServletContextEvent event) {
        ServletContext context = event.getServletContext();
        ConfigLocation location = new ConfigLocation(System::getProperty, System::getenv,
                () -> context.getResourceAsStream(ConfigLocation.BUNDLED_RESOURCE));
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
        context.setAttribute(ProxyRuntime.ATTRIBUTE, new ProxyRuntime(config));
        LOG.log(Level.INFO, "Lodestar ready: {0} frontend(s), {1} backend(s)",
                new Object[] {config.frontends().size(), config.backends().size()});
    }
}
