package org.lodestar.balance;

import java.util.Set;
import java.util.concurrent.ScheduledFuture;
import java.util.function.Consumer;

/**
 * A request queued in a {@link ServerPool}. The thread that frees a slot hands it over by running
 * {@link #whenDecided} with the lease, so a request arriving meanwhile cannot take it. Guarded by the pool's
 * lock.
 */
final class Waiter {
    final String sourceKey;
    final Set<String> excluded;
    /** Run with the outcome, exactly once, after the pool's lock is released. */
    final Consumer<Acquisition> whenDecided;
    final long enqueuedAtNanos;
    /** When the request's {@code timeout queue} ends: set before it is queued, cancelled once it is decided. */
    ScheduledFuture<?> deadline;

    Waiter(String sourceKey, Set<String> excluded, Consumer<Acquisition> whenDecided, long enqueuedAtNanos) {
        this.sourceKey = sourceKey;
        this.excluded = excluded;
        this.whenDecided = whenDecided;
        this.enqueuedAtNanos = enqueuedAtNanos;
    }
}
