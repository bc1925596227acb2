package org.lodestar.container;

import java.time.Duration;
import java.util.HashSet;
import java.util.Set;
import java.util.function.Function;
import org.lodestar.config.Config;
import org.lodestar.health.CheckLateness;
import org.lodestar.health.CheckScheduler;
import org.lodestar.health.HealthMonitor;

/**
 * The life of the health checks, the same whichever scheduler runs them ({@link HealthCheckTimers},
 * {@link ExecutorCheckScheduler}): the running configuration's monitor starts with check clients of its
 * own; on each reload the new runtime's monitor starts and the replaced one stops, its clients closed once
 * a check it started must have ended; at undeploy everything stops. Every check's start is measured
 * against when it was due ({@link CheckLateness}).
 *
 * <p>Thread-safe: a reload calls in on the reloading (request) thread.
 */
final class CheckLifecycle {
    /** Added to the longest check before replaced clients are closed. */
    private static final Duration RETIRE_MARGIN = Duration.ofSeconds(5);

    private final CheckScheduler scheduler;
    private final CheckScheduler measured;
    private final Function<Config, CheckClients> clientsFor;
    private HealthMonitor monitor;
    private CheckClients clients;
    /** Clients of replaced runtimes, not yet closed. */
    private final Set<CheckClients> retired = new HashSet<>();
    private boolean stopped;

    private CheckLifecycle(CheckScheduler scheduler, CheckLateness lateness,
                           Function<Config, CheckClients> clientsFor) {
        this.scheduler = scheduler;
        this.measured = (delay, task) -> scheduler.schedule(delay, lateness.measured(delay, task));
        this.clientsFor = clientsFor;
    }

    /**
     * Starts checking {@code lodestar}'s running configuration and follows its reloads.
     *
     * @param scheduler  runs a task later, on a thread that may block for the length of a check
     * @param clientsFor the clients a configuration's checks use (closed by this lifecycle)
     */
    static CheckLifecycle start(Lodestar lodestar, CheckScheduler scheduler, Function<Config, CheckClients> clientsFor) {
        CheckLifecycle lifecycle = new CheckLifecycle(scheduler, lodestar.checkLateness(), clientsFor);
        lifecycle.begin(lodestar.runtime());
        lodestar.onReplacement((previous, next) -> lifecycle.replace(next));
        return lifecycle;
    }

    private synchronized void begin(ProxyRuntime runtime) {
        clients = clientsFor.apply(runtime.config());
        monitor = runtime.health();
        monitor.start(measured, clients);
    }

    /** The new runtime's checks start before the old ones stop, so no server goes unchecked meanwhile. */
    private synchronized void replace(ProxyRuntime next) {
        if (stopped) {
            return;
        }
        HealthMonitor previousMonitor = monitor;
        CheckClients previousClients = clients;
        begin(next);
        previousMonitor.stop();
        // Closed later, not now: a check still running on them would fail and mark its server down in the
        // old pools, where requests that started before the reload may still be queued.
        retired.add(previousClients);
        scheduler.schedule(previousClients.longestCheck().plus(RETIRE_MARGIN), () -> retire(previousClients));
    }

    private synchronized void retire(CheckClients old) {
        if (retired.remove(old)) {
            old.close();
        }
    }

    /** No check starts after this; every client is closed. Reloads after it start nothing. */
    synchronized void stop() {
        stopped = true;
        monitor.stop();
        clients.close();
        retired.forEach(CheckClients::close);
        retired.clear();
    }
}
