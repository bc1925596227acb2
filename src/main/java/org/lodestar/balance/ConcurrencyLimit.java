package org.lodestar.balance;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * A frontend's {@code maxconn}: how many requests it handles at once. Requests beyond it wait, in
 * arrival order, as HAProxy leaves extra connections waiting in the listen backlog.
 *
 * <p>A waiting request holds no thread: {@link #admit} queues a callback, which the release of a permit
 * (or the expiry of the wait) runs. Either one runs, exactly once, so the caller never gets a
 * permit after it was told the wait expired.
 */
public final class ConcurrencyLimit {
    private final int limit;
    /** Guards {@link #queue} and the writes of {@link #current}. */
    private final Object lock = new Object();
    /** Volatile so the statistics and the access log read it without the lock. */
    private volatile int current;
    private final Deque<Ticket> queue = new ArrayDeque<>();
    private final AtomicInteger maxSeen = new AtomicInteger();

    /** @param maxconn 0 = unlimited */
    public ConcurrencyLimit(int maxconn) {
        if (maxconn < 0) {
            throw new IllegalArgumentException("maxconn must not be negative: " + maxconn);
        }
        this.limit = maxconn;
    }

    /** The outcome of {@link #admit}: a permit now, or a place in the queue. */
    public sealed interface Admission {
        record Admitted(Permit permit) implements Admission {
        }

        record Queued() implements Admission {
        }
    }

    /**
     * Admits the request now if a slot is free and nobody waits before it; otherwise queues it for at most
     * {@code wait}. A queued request later gets exactly one callback: {@code onAdmitted} with its permit,
     * run by the thread releasing a slot, or {@code onExpired}, run by {@code timer}. Both must be quick:
     * they run while a finishing request or the timer waits.
     */
    public Admission admit(Duration wait, ScheduledExecutorService timer, Consumer<Permit> onAdmitted,
                           Runnable onExpired) {
        Ticket ticket;
        synchronized (lock) {
            if (queue.isEmpty() && hasFreeSlot()) {
                return new Admission.Admitted(take());
            }
            ticket = new Ticket(onAdmitted, onExpired);
            // Scheduled under the lock and before the ticket is queued: a release cannot hand it a permit
            // before it has a deadline, and a timer that refuses (shut down with the application) leaves no
            // ticket behind that a released permit would go to.
            ticket.deadline = timer.schedule(() -> expire(ticket), wait.toNanos(), TimeUnit.NANOSECONDS);
            queue.addLast(ticket);
        }
        return new Admission.Queued();
    }

    /** 0 = unlimited. */
    public int limit() {
        return limit;
    }

    public int current() {
        return current;
    }

    public int maxSeen() {
        return maxSeen.get();
    }

    /** Requests waiting for a slot. */
    public int queued() {
        synchronized (lock) {
            return queue.size();
        }
    }

    private boolean hasFreeSlot() {
        return limit == 0 || current < limit;
    }

    /** Under the lock. */
    private Permit take() {
        current++;
        maxSeen.accumulateAndGet(current, Math::max);
        return new Permit();
    }

    private void expire(Ticket ticket) {
        synchronized (lock) {
            if (!queue.remove(ticket)) {
                return; // admitted meanwhile
            }
        }
        ticket.onExpired.run();
    }

    /** A freed slot goes to the longest waiting request, if any, so a request arriving meanwhile cannot take it. */
    private void handOver() {
        Ticket next;
        Permit permit;
        synchronized (lock) {
            current--;
            next = queue.pollFirst();
            if (next == null) {
                return;
            }
            permit = take();
        }
        next.deadline.cancel(false);
        next.onAdmitted.accept(permit);
    }

    private static final class Ticket {
        final Consumer<Permit> onAdmitted;
        final Runnable onExpired;
        ScheduledFuture<?> deadline;

        Ticket(Consumer<Permit> onAdmitted, Runnable onExpired) {
            this.onAdmitted = onAdmitted;
            this.onExpired = onExpired;
        }
    }

    /** One admitted request. Releasing twice is harmless. */
    public final class Permit implements AutoCloseable {
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit() {
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                handOver();
            }
        }

        @Override
        public void close() {
            release();
        }
    }
}
