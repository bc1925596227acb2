package org.lodestar.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class WarningThrottleTest {
    private final AtomicLong now = new AtomicLong();
    private final WarningThrottle throttle = new WarningThrottle(Duration.ofMinutes(1), now::get);

    @Test
    void firstWarningPassesThenOnePerIntervalWithTheCountHeldBack() {
        assertEquals(OptionalLong.of(0), throttle.permit("B/s1"));
        now.addAndGet(Duration.ofSeconds(10).toNanos());
        assertEquals(OptionalLong.empty(), throttle.permit("B/s1"));
        assertEquals(OptionalLong.empty(), throttle.permit("B/s1"));
        now.addAndGet(Duration.ofSeconds(50).toNanos());
        assertEquals(OptionalLong.of(2), throttle.permit("B/s1"));
        assertEquals(OptionalLong.empty(), throttle.permit("B/s1"));
    }

    @Test
    void eachSubjectHasItsOwnInterval() {
        assertEquals(OptionalLong.of(0), throttle.permit("B/s1"));
        assertEquals(OptionalLong.of(0), throttle.permit("B/s2"));
        assertEquals(OptionalLong.empty(), throttle.permit("B/s1"));
    }
}
