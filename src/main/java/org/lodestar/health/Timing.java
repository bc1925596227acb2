package org.lodestar.health;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** Small helpers shared by the check runners. */
final class Timing {
    private Timing() {
    }

    static long millisSince(long startNanos) {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startNanos);
    }

    /** A socket timeout in ms; at least 1 because 0 means "wait forever" to {@link java.net.Socket}. */
    static int socketMillis(Duration timeout) {
        return (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    }

}
