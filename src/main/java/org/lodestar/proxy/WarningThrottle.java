package org.lodestar.proxy;

import java.time.Duration;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Lets a warning about one subject (a server) through at most once per interval, and says how many were
 * held back meanwhile, so that the log shows a misbehaving server without being flooded by it.
 */
final class WarningThrottle {
    private final long intervalNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Window> windows = new ConcurrentHashMap<>();

    private record Window(long openedNanos, long suppressed) {
    }

    WarningThrottle(Duration interval, LongSupplier nanoClock) {
        this.intervalNanos = interval.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * Empty while a warning about {@code subject} was let through less than an interval ago (this one is
     * counted as held back); otherwise how many were held back since the last one let through.
     */
    OptionalLong permit(String subject) {
        long now = nanoClock.getAsLong();
        long[] suppressedBefore = {-1};
        windows.compute(subject, (key, window) -> {
            if (window == null || now - window.openedNanos() >= intervalNanos) {
                suppressedBefore[0] = window == null ? 0 : window.suppressed();
                return new Window(now, 0);
            }
            return new Window(window.openedNanos(), window.suppressed() + 1);
        });
        return suppressedBefore[0] < 0 ? OptionalLong.empty() : OptionalLong.of(suppressedBefore[0]);
    }
}
