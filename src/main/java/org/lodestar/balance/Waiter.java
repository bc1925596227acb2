package org.lodestar.balance;

import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.locks.Condition;
import java.util.function.Consumer;

/**
 * A request queued in a {@link ServerPool}. The thread that frees a slot hands it over, so a request
 * arriving meanwhile cannot take it: to a blocked request by setting {@link #lease} (or {@link #refusal})
 * and signalling {@link #granted}; to a request that left a callback ({@link #whenDecided}) by running it.
 * Guarded by the pool's lock.
 */
final class Waiter {
    final String sourceKey;
    final Set<String> excluded;
    /** Signalled for a blocked request; null for one that left a callback. */
    final Condition granted;
    /** Run with the outcome for a request that does not block; null for a blocked one. */
    final Consumer<Acquisition> whenDecided;
    final long enqueuedAtNanos;
    /** When a non-blocking request's {@code timeout queue} ends; cancelled once it is decided. */
    ScheduledFuture<?> deadline;
    Lease lease;
    /** Set instead of {@link #lease} when the request can no longer be served at all. */
    Acquisition.Reason refusal;

    Waiter(String sourceKey, Set<String> excluded, Condition granted, Consumer<Acquisition> whenDecided,
           long enqueuedAtNanos) {
        this.sourceKey = sourceKey;
        this.excluded = excluded;
        this.granted = granted;
        this.whenDecided = whenDecided;
        this.enqueuedAtNanos = enqueuedAtNanos;
    }
}
