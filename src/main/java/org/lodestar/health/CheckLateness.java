package org.lodestar.health;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * How much later than scheduled the health checks start, whatever scheduled them (EJB timers, a managed or
 * a plain scheduled executor) and whatever held them back (a timer service's minimum delivery interval,
 * busy thread pools, an overloaded machine): checks that start late make fail-over slower than the
 * configuration says. Measured where the check starts, so waiting for a thread counts too. Operators are
 * told once in the log, and on the dashboard for as long as checks keep starting late.
 *
 * <p>Thread-safe.
 */
public final class CheckLateness {
    private static final Logger LOG = Logger.getLogger("lodestar.health");
    /** Operators are told from this lateness on: twice the fast-failover interval. */
    public static final Duration LATE = Duration.ofMillis(500);
    /** The dashboard shows late starts until this long after the last one. */
    public static final Duration SHOWN_FOR = Duration.ofMinutes(10);

    private final LongSupplier nanoTime;
    private final AtomicBoolean logged = new AtomicBoolean();
    /** The late starts since lateness was last shown, or null. Guarded by this. */
    private Episode episode;

    private record Episode(long worstNanos, long lastAtNanos) {
    }

    public CheckLateness() {
        this(System::nanoTime);
    }

    /** @param nanoTime a monotonic clock, as {@link System#nanoTime} */
    CheckLateness(LongSupplier nanoTime) {
        this.nanoTime = nanoTime;
    }

    /** {@code task}, due after {@code delay} from now, with its start measured against that. */
    public Runnable measured(Duration delay, Runnable task) {
        long due = nanoTime.getAsLong() + Math.max(0, delay.toNanos());
        return () -> {
            started(due);
            task.run();
        };
    }

    /** Records a check that was due at {@code dueNanos} and starts now; logs the first late one. */
    void started(long dueNanos) {
        long now = nanoTime.getAsLong();
        long late = now - dueNanos;
        if (late < LATE.toNanos()) {
            return;
        }
        synchronized (this) {
            boolean current = episode != null && now - episode.lastAtNanos() < SHOWN_FOR.toNanos();
            episode = new Episode(current ? Math.max(late, episode.worstNanos()) : late, now);
        }
        if (logged.compareAndSet(false, true)) {
            LOG.warning("health checks start " + millis(late) + " ms later than scheduled: fail-over is slower than"
                    + " configured. The server's timers or thread pools are held up (an overloaded machine, checks"
                    + " waiting for a thread); the statistics page shows it while it lasts. Logged once.");
        }
    }

    /**
     * What the dashboard says while checks start late, e.g. {@code health checks start up to 850 ms late (last
     * 12 s ago): fail-over is slower than configured}; empty when none did for {@link #SHOWN_FOR}.
     */
    public Optional<String> warning() {
        long now = nanoTime.getAsLong();
        Episode shown;
        synchronized (this) {
            shown = episode;
        }
        if (shown == null || now - shown.lastAtNanos() >= SHOWN_FOR.toNanos()) {
            return Optional.empty();
        }
        return Optional.of("health checks start up to " + millis(shown.worstNanos()) + " ms late (last "
                + ago(now - shown.lastAtNanos()) + " ago): fail-over is slower than configured");
    }

    private static long millis(long nanos) {
        return Duration.ofNanos(nanos).toMillis();
    }

    private static String ago(long nanos) {
        long seconds = Duration.ofNanos(nanos).toSeconds();
        return seconds < 60 ? seconds + " s" : seconds / 60 + " min";
    }
}
