package org.lodestar.container;

import java.time.Duration;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.lodestar.health.CheckScheduler;

/**
 * The threads the health checks run on: one keeps the time and hands each due check to a pool that grows
 * with the checks in flight (each bounded by its timeouts) and shrinks when idle. So a slow or hanging
 * server never holds back another's check, and a check never waits for a thread behind its own HTTP
 * exchange, which runs on the same pool ({@link #checks()}). A bounded pool would let a handful of checks
 * wait for their exchanges queued behind them until every one timed out: the default managed executor of
 * WildFly on two cores has four threads. The threads come from the given factory: the container's
 * {@code ManagedThreadFactory} on a Jakarta EE server, plain daemon threads in the Tomcat flavour.
 */
final class CheckThreads implements CheckScheduler {
    private final ScheduledExecutorService clock;
    private final ExecutorService checks;

    CheckThreads(ThreadFactory factory) {
        ScheduledThreadPoolExecutor timer = new ScheduledThreadPoolExecutor(1, named(factory, "lodestar-check-timer"));
        timer.setRemoveOnCancelPolicy(true);
        this.clock = timer;
        this.checks = Executors.newCachedThreadPool(named(factory, "lodestar-check"));
    }

    /** Plain daemon threads, where there is no container to ask for them. */
    static ThreadFactory daemonThreads() {
        return task -> {
            Thread thread = new Thread(task);
            thread.setDaemon(true);
            return thread;
        };
    }

    /** Runs {@code task} on a check thread after {@code delay}; nothing once stopped. */
    @Override
    public void schedule(Duration delay, Runnable task) {
        try {
            clock.schedule(() -> run(task), Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
        } catch (RejectedExecutionException stopped) {
            // the application is being stopped: no more checks
        }
    }

    /** Runs {@code task} on a check thread now; nothing once stopped. */
    void run(Runnable task) {
        try {
            checks.execute(task);
        } catch (RejectedExecutionException stopped) {
            // the application is being stopped: no more checks
        }
    }

    /** Where the checks' HTTP exchanges run (see {@link org.lodestar.health.HttpCheck}). */
    Executor checks() {
        return checks;
    }

    /**
     * Nothing runs after this: waiting checks are dropped, running ones interrupted. Waits up to {@code wait}
     * for every thread to end (a check blocked in I/O ends with its timeouts).
     *
     * @return whether every thread ended in time
     */
    boolean stop(Duration wait) {
        clock.shutdownNow();
        checks.shutdownNow();
        long deadline = System.nanoTime() + wait.toNanos();
        try {
            return clock.awaitTermination(wait.toNanos(), TimeUnit.NANOSECONDS)
                    && checks.awaitTermination(deadline - System.nanoTime(), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** Thread dumps and logs show which threads are Lodestar's checks. */
    private static ThreadFactory named(ThreadFactory factory, String prefix) {
        AtomicInteger count = new AtomicInteger();
        return task -> {
            Thread thread = factory.newThread(task);
            thread.setName(prefix + "-" + count.incrementAndGet());
            return thread;
        };
    }
}
