package org.lodestar.container;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.annotation.Resource;
import jakarta.ejb.ConcurrencyManagement;
import jakarta.ejb.ConcurrencyManagementType;
import jakarta.ejb.SessionContext;
import jakarta.ejb.Singleton;
import jakarta.ejb.Startup;
import jakarta.ejb.Timeout;
import jakarta.ejb.Timer;
import jakarta.ejb.TimerConfig;
import jakarta.ejb.TimerService;
import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.lodestar.health.CheckScheduler;
import org.lodestar.health.HealthMonitor;

/**
 * Owns the health checks on a Jakarta EE server: each scheduled check is a non-persistent single-action
 * EJB timer whose callback hands the check to the container's managed executor and returns at once, so a
 * slow server never holds the timer service, the bean or a request thread. Undeploying cancels every
 * timer and stops the monitor. After a reload the new runtime's monitor starts with its own clients and
 * the previous one stops: its pending timers fire into a stopped monitor and do nothing.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class HealthCheckTimers implements CheckScheduler {
    private static final Logger LOG = Logger.getLogger("lodestar.health");

    @Resource
    private TimerService timerService;
    @Resource
    private ManagedExecutorService executor;
    @Resource
    private SessionContext context;
    @Inject
    private Lodestar lodestar;

    /** Timers that fire this late make fail-over slow; operators are told once. */
    private static final Duration LATE = Duration.ofMillis(500);

    private record Scheduled(Runnable task, long dueNanos) {
    }

    private final Map<Long, Scheduled> pending = new ConcurrentHashMap<>();
    private final AtomicBoolean warnedLate = new AtomicBoolean();
    private final AtomicLong ids = new AtomicLong();
    private volatile HealthMonitor monitor;
    private volatile boolean started;
    private volatile CheckClients clients;
    /** Clients of replaced runtimes, closed once their last check must have ended (or at undeploy). */
    private final java.util.Set<CheckClients> retired = ConcurrentHashMap.newKeySet();
    private static final Duration RETIRE_CLIENTS_AFTER = Duration.ofMinutes(2);

    @PostConstruct
    void start() {
        ProxyRuntime runtime = lodestar.runtime();
        HealthMonitor monitor = runtime.health();
        CheckClients clients = new CheckClients(runtime.config(), executor);
        this.monitor = monitor;
        this.clients = clients;
        // The monitor schedules from executor and request threads, where the timer service may only be
        // used through an invocation of this bean: its proxy. Only the first checks, scheduled from this
        // initialization (where calling the proxy would be a forbidden loopback), go direct.
        CheckScheduler proxy = context.getBusinessObject(CheckScheduler.class);
        Thread initializing = Thread.currentThread();
        monitor.start((delay, task) -> {
            if (Thread.currentThread() == initializing && !started) {
                schedule(delay, task);
            } else {
                proxy.schedule(delay, task);
            }
        }, clients);
        started = true;
        lodestar.onReplacement((previous, next) -> switchTo(next, proxy));
    }

    /** Called on the reloading (request) thread: schedules through the bean's proxy, as any later check. */
    private synchronized void switchTo(ProxyRuntime next, CheckScheduler proxy) {
        HealthMonitor previousMonitor = monitor;
        CheckClients previousClients = clients;
        CheckClients nextClients = new CheckClients(next.config(), executor);
        next.health().start(proxy, nextClients);
        monitor = next.health();
        clients = nextClients;
        previousMonitor.stop();
        // Closed later, not now: a check still running on them would fail and mark its server down in the
        // old pools, where requests that started before the reload may still be queued.
        retired.add(previousClients);
        proxy.schedule(RETIRE_CLIENTS_AFTER, () -> {
            if (retired.remove(previousClients)) {
                previousClients.close();
            }
        });
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        long id = ids.incrementAndGet();
        pending.put(id, new Scheduled(task, System.nanoTime() + delay.toNanos()));
        timerService.createSingleActionTimer(Math.max(0, delay.toMillis()), new TimerConfig(id, false));
    }

    @Timeout
    void fire(Timer timer) {
        Scheduled scheduled = pending.remove((Long) timer.getInfo());
        if (scheduled == null) {
            return;
        }
        long lateMillis = (System.nanoTime() - scheduled.dueNanos()) / 1_000_000;
        if (lateMillis > LATE.toMillis() && warnedLate.compareAndSet(false, true)) {
            LOG.warning("EJB timers fire " + lateMillis + " ms late, so health checks and fail-over are slower than"
                    + " configured; on Payara lower configs.config.server-config.ejb-container.ejb-timer-service"
                    + ".minimum-delivery-interval-in-millis (default 1000), see server-config/");
        }
        try {
            executor.execute(scheduled.task());
        } catch (RejectedExecutionException e) {
            LOG.log(Level.WARNING, "health check postponed by a second: the managed executor refused it", e);
            schedule(Duration.ofSeconds(1), scheduled.task());
        }
    }

    @PreDestroy
    void stop() {
        monitor.stop();
        for (Timer timer : timerService.getTimers()) {
            try {
                timer.cancel();
            } catch (RuntimeException alreadyExpired) {
                // fired or cancelled meanwhile: nothing left to stop
            }
        }
        pending.clear();
        clients.close();
        retired.forEach(CheckClients::close);
        retired.clear();
    }
}
