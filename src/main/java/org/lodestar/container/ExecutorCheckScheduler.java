package org.lodestar.container;

import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.lodestar.health.CheckScheduler;
import org.lodestar.health.HealthMonitor;

/**
 * Owns the health checks where there is no EJB container (the Tomcat flavour, which bundles CDI): a
 * scheduled executor keeps the time and hands each due check to a pool of check threads, so a slow server
 * never delays the other checks. Only in lodestar-tomcat.war; lodestar.war uses {@link HealthCheckTimers}
 * (the build leaves each class out of the other WAR). Started with the application, stopped with it.
 */
@ApplicationScoped
public class ExecutorCheckScheduler implements CheckScheduler {
    /** Only keeps the time: the checks themselves run on {@link #checks}. */
    private final ScheduledExecutorService clock = Executors.newSingleThreadScheduledExecutor(
            threads("lodestar-check-timer"));
    /** Grows with the number of checks in flight (each bounded by its timeout), idle threads end. */
    private final ExecutorService checks = Executors.newCachedThreadPool(threads("lodestar-check"));

    @Inject
    private Lodestar lodestar;
    private HealthMonitor monitor;
    private CheckClients clients;

    /** CDI has no {@code @Startup}: the application scope's start is the signal to begin checking. */
    void start(@Observes @Initialized(ApplicationScoped.class) Object applicationStarted) {
        ProxyRuntime runtime = lodestar.runtime();
        monitor = runtime.health();
        clients = new CheckClients(runtime.config(), checks);
        monitor.start(this, clients);
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        try {
            clock.schedule(() -> checks.execute(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopping) {
            // the application is being stopped: no more checks
        }
    }

    @PreDestroy
    void stop() {
        if (monitor != null) {
            monitor.stop();
        }
        clock.shutdownNow();
        checks.shutdownNow();
        if (clients != null) {
            clients.close();
        }
    }

    private static ThreadFactory threads(String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = new Thread(task, prefix + "-" + count.incrementAndGet());
            thread.setDaemon(true);
            return thread;
        };
    }
}
