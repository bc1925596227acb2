package org.lodestar.balance;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A frontend's {@code maxconn}: how many requests it handles at once. Requests beyond it wait, in
 * arrival order, as HAProxy leaves extra connections waiting in the listen backlog.
 */
public final class ConcurrencyLimit {
    private final int limit;
    private final Semaphore slots;
    private final AtomicInteger current = new AtomicInteger();
    private final AtomicInteger maxSeen = new AtomicInteger();

    /** @param maxconn 0 = unlimited */
    public ConcurrencyLimit(int maxconn) {
        if (maxconn < 0) {
            throw new IllegalArgumentException("maxconn must not be negative: " + maxconn);
        }
        this.limit = maxconn;
        // Fair, so a waiting request is not overtaken by later ones.
        this.slots = new Semaphore(maxconn == 0 ? Integer.MAX_VALUE : maxconn, true);
    }

    /** @return a permit, or empty if none was freed within {@code wait} */
    public Optional<Permit> tryAcquire(Duration wait) throws InterruptedException {
        if (!slots.tryAcquire(wait.toNanos(), TimeUnit.NANOSECONDS)) {
            return Optional.empty();
        }
        maxSeen.accumulateAndGet(current.incrementAndGet(), Math::max);
        return Optional.of(new Permit());
    }

    /** 0 = unlimited. */
    public int limit() {
        return limit;
    }

    public int current() {
        return current.get();
    }

    public int maxSeen() {
        return maxSeen.get();
    }

    /** One admitted request. Releasing twice is harmless. */
    public final class Permit implements AutoCloseable {
        private final AtomicBoolean released = new AtomicBoolean();

        private Permit() {
        }

        public void release() {
            if (released.compareAndSet(false, true)) {
                current.decrementAndGet();
                slots.release();
            }
        }

        @Override
        public void close() {
            release();
        }
    }
}
