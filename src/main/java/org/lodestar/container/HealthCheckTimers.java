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
import jakarta.enterprise.concurrent.ManagedThreadFactory;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Logger;
import org.lodestar.health.CheckScheduler;

/**
 * Owns the health checks on a Jakarta EE server. A check due in {@link #TIMER_FLOOR} or more (the regular
 * {@code inter} schedule) waits for a non-persistent single-action EJB timer. One due sooner (the
 * fast-failover re-checks every 250 ms, first checks, "check now", re-checking a backend at once) waits on
 * the clock of {@link CheckThreads} instead, because Payara delivers no EJB timer sooner than its
 * {@code minimum-delivery-interval-in-millis} after it was set, 1000 ms by default. Either way the check
 * then runs on {@link CheckThreads}' pool, whose threads come from the container's
 * {@code ManagedThreadFactory}, so a slow server never holds the timer service, the bean or a request
 * thread. (Not the container's managed executors: WildFly's default ones have four threads on two cores,
 * which the checks and their HTTP exchanges starved, and they refuse work while the server is suspended,
 * which would end the checks' chain.) {@link CheckLifecycle} starts the checks, moves them to a reloaded
 * configuration and stops them; undeploying also cancels every timer and waiting check.
 */
@Singleton
@Startup
@ConcurrencyManagement(ConcurrencyManagementType.BEAN)
public class HealthCheckTimers implements CheckScheduler {
    private static final Logger LOG = Logger.getLogger("lodestar.health");
    /** Checks due sooner than this do not use EJB timers: Payara would deliver them up to a second late. */
    static final Duration TIMER_FLOOR = Duration.ofSeconds(1);
    /** How long undeploying waits for running checks to end. */
    private static final Duration STOP_WAIT = Duration.ofSeconds(5);

    @Resource
    private TimerService timerService;
    @Resource
    private ManagedThreadFactory threadFactory;
    @Resource
    private SessionContext context;
    @Inject
    private Lodestar lodestar;

    private final AtomicLong ids = new AtomicLong();
    /** The checks waiting for their EJB timer, by the id the timer carries. */
    private final Map<Long, Runnable> timed = new ConcurrentHashMap<>();
    private volatile boolean started;
    private CheckThreads threads;
    private CheckLifecycle lifecycle;

    @PostConstruct
    void start() {
        threads = new CheckThreads(threadFactory);
        // The monitor schedules from check and request threads, where the timer service may only be used
        // through an invocation of this bean: its proxy. Only timers set from this initialization (where
        // calling the proxy would be a forbidden loopback) go direct, and checks due soon need no bean.
        CheckScheduler proxy = context.getBusinessObject(CheckScheduler.class);
        Thread initializing = Thread.currentThread();
        lifecycle = CheckLifecycle.start(lodestar, (delay, task) -> {
            if (delay.compareTo(TIMER_FLOOR) < 0) {
                threads.schedule(delay, task);
            } else if (Thread.currentThread() == initializing && !started) {
                schedule(delay, task);
            } else {
                proxy.schedule(delay, task);
            }
        }, config -> new CheckClients(config, threads.checks()));
        started = true;
    }

    @Override
    public void schedule(Duration delay, Runnable task) {
        if (delay.compareTo(TIMER_FLOOR) < 0) {
            threads.schedule(delay, task);
        } else {
            long id = ids.incrementAndGet();
            timed.put(id, task);
            timerService.createSingleActionTimer(delay.toMillis(), new TimerConfig(id, false));
        }
    }

    @Timeout
    void fire(Timer timer) {
        Runnable task = timed.remove((Long) timer.getInfo());
        if (task != null) {
            threads.run(task);
        }
    }

    @PreDestroy
    void stop() {
        lifecycle.stop();
        for (Timer timer : timerService.getTimers()) {
            try {
                timer.cancel();
            } catch (RuntimeException alreadyExpired) {
                // fired or cancelled meanwhile: nothing left to stop
            }
        }
        timed.clear();
        if (!threads.stop(STOP_WAIT)) {
            LOG.warning("health checks still running " + STOP_WAIT.toSeconds() + " s after the application stopped;"
                    + " they end with their timeouts");
        }
    }
}
