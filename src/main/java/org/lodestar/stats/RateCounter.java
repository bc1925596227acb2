package org.lodestar.stats;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Events per second, as HAProxy's {@code rate} and {@code rate_max}: the events of the current
 * second plus the previous second's share of the sliding second that ends now, and the most events
 * any one second saw.
 *
 * <p>On the request path, so it takes no lock: the current second and its count share one
 * {@link AtomicLong} (second in the high 32 bits, count in the low 32), so moving to a new second and
 * counting in it is a single compare-and-set. The thread that moves on publishes the finished
 * second's count for the reader; a reader racing that hand-over may see the previous second as empty
 * for an instant, which a rate display tolerates.
 */
public final class RateCounter {
    private static final long COUNT_MASK = 0xFFFF_FFFFL;

    /** (second << 32) | events counted in that second. */
    private final AtomicLong current = new AtomicLong();
    /** The same packing for the last finished second that had events. */
    private final AtomicLong finished = new AtomicLong();
    private final AtomicLong max = new AtomicLong();

    /** Counts one event at {@code nowMillis} (epoch millis, or any clock that only moves forward). */
    public void event(long nowMillis) {
        long second = nowMillis / 1000;
        long seen;
        long next;
        do {
            seen = current.get();
            // A thread that read the clock just before another moved to the next second counts in that
            // newer second: moving back would drop the newer second's events.
            next = second <= secondOf(seen) ? seen + 1 : pack(second, 1);
        } while (!current.compareAndSet(seen, next));
        if (second > secondOf(seen)) {
            // Only the thread whose CAS moved to the new second gets here for it: publish the old one.
            finished.accumulateAndGet(seen, (old, candidate) -> secondOf(candidate) > secondOf(old) ? candidate : old);
        }
        long count = countOf(next);
        if (count > max.get()) {
            max.accumulateAndGet(count, Math::max);
        }
    }

    /**
     * Events over the second ending at {@code nowMillis}: this second's, plus the previous second's
     * weighted by how much of it the sliding second still covers, rounded down (HAProxy's estimate).
     */
    public long rate(long nowMillis) {
        long second = nowMillis / 1000;
        long state = current.get();
        long thisSecond;
        long previousSecond;
        if (secondOf(state) == second) {
            thisSecond = countOf(state);
            long before = finished.get();
            previousSecond = secondOf(before) == second - 1 ? countOf(before) : 0;
        } else if (secondOf(state) == second - 1) {
            thisSecond = 0;
            previousSecond = countOf(state);
        } else {
            return 0;
        }
        long remainingMillis = 1000 - nowMillis % 1000;
        return thisSecond + previousSecond * remainingMillis / 1000;
    }

    /** The most events counted in any one second. */
    public long max() {
        return max.get();
    }

    private static long pack(long second, long count) {
        return second << 32 | count;
    }

    private static long secondOf(long packed) {
        return packed >>> 32;
    }

    private static long countOf(long packed) {
        return packed & COUNT_MASK;
    }
}
