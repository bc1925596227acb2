package org.lodestar.balance;

import java.util.Set;
import java.util.concurrent.locks.Condition;

/**
 * A request queued in a {@link ServerPool}. The thread that frees a slot hands it over by setting
 * {@link #lease} (or {@link #refusal}) and signalling, so a request arriving meanwhile cannot take it. Guarded by the pool's
 * lock.
 */
final class Waiter {
    final String sourceKey;
    final Set<String> excluded;
    final Condition granted;
    final long enqueuedAtNanos;
    Lease lease;
    /** Set instead of {@link #lease} when the request can no longer be served at all. */
    Acquisition.Reason refusal;

    Waiter(String sourceKey, Set<String> excluded, Condition granted, long enqueuedAtNanos) {
        this.sourceKey = sourceKey;
        this.excluded = excluded;
        this.granted = granted;
        this.enqueuedAtNanos = enqueuedAtNanos;
    }
}
