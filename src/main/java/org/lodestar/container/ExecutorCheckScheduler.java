package org.lodestar.container;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.logging.Logger;

/**
 * Owns the health checks where there is no EJB container (the Tomcat flavour, which bundles CDI): every
 * check waits and runs on {@link CheckThreads} of plain daemon threads. Only in lodestar-tomcat.war;
 * lodestar.war uses {@link HealthCheckTimers} (the build leaves each class out of the other WAR). Started
 * with the application, reloads followed and stopped with it by {@link CheckLifecycle}.
 */
@ApplicationScoped
public class ExecutorCheckScheduler {
    private static final Logger LOG = Logger.getLogger("lodestar.health");
    /** How long stopping waits for running checks to end, so that no thread outlives the application. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    private final CheckThreads threads = new CheckThreads(CheckThreads.daemonThreads());
    @Inject
    Lodestar lodestar;
    private CheckLifecycle lifecycle;

    /** CDI has no {@code @Startup}: the application scope's start is the signal to begin checking. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        lifecycle = CheckLifecycle.start(lodestar, threads, config -> new CheckClients(config, threads.checks()));
    }

    /** Tomcat reports a thread that a stopped application left running as a leak. */
    @PreDestroy
    void stop() {
        if (lifecycle != null) {
            lifecycle.stop();
        }
        if (!threads.stop(STOP_WAIT)) {
            LOG.warning("health checks still running " + STOP_WAIT.toSeconds() + " s after the application stopped;"
                    + " they end with their timeouts");
        }
    }
}
