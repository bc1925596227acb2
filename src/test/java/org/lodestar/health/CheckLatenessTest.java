package org.lodestar.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** What operators are told about late health checks, on a hand-driven clock. */
class CheckLatenessTest {
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final CheckLateness lateness = new CheckLateness(now::get);
    private final List<LogRecord> logged = new ArrayList<>();
    private final Logger logger = Logger.getLogger("lodestar.health");
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            logged.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };

    @BeforeEach
    void captureLog() {
        logger.addHandler(capture);
    }

    @AfterEach
    void releaseLog() {
        logger.removeHandler(capture);
    }

    /** Schedules a check due after {@code delay}, lets {@code startsAfter} pass and starts it. */
    private void check(Duration delay, Duration startsAfter) {
        boolean[] ran = {false};
        Runnable task = lateness.measured(delay, () -> ran[0] = true);
        advance(startsAfter);
        task.run();
        assertTrue(ran[0], "the check itself runs");
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }

    @Test
    void checksStartingOnTimeOrSlightlyLateAreNotMentioned() {
        check(Duration.ofMillis(250), Duration.ofMillis(250));
        check(Duration.ofMillis(250), Duration.ofMillis(700)); // 450 ms late
        assertEquals(Optional.empty(), lateness.warning());
        assertEquals(List.of(), logged);
    }

    @Test
    void aLateCheckIsLoggedOnceAndShownWithTheWorstLatenessWhileItLasts() {
        check(Duration.ofMillis(250), Duration.ofMillis(1100)); // 850 ms late, as Payara's default timers make it
        advance(Duration.ofSeconds(12));
        assertEquals(Optional.of("health checks start up to 850 ms late (last 12 s ago): fail-over is slower than"
                + " configured"), lateness.warning());
        check(Duration.ofMillis(250), Duration.ofMillis(850)); // 600 ms late
        assertEquals(Optional.of("health checks start up to 850 ms late (last 0 s ago): fail-over is slower than"
                + " configured"), lateness.warning());
        assertEquals(1, logged.size(), "logged once");
        assertEquals(Level.WARNING, logged.get(0).getLevel());
        assertTrue(logged.get(0).getMessage().startsWith("health checks start 850 ms later than scheduled: fail-over"
                + " is slower than configured"), logged.get(0).getMessage());
    }

    @Test
    void theDashboardStopsSayingItTenMinutesAfterTheLastLateCheck() {
        check(Duration.ofSeconds(10), Duration.ofSeconds(12)); // 2 s late
        advance(CheckLateness.SHOWN_FOR.minusSeconds(1));
        assertEquals(Optional.of("health checks start up to 2000 ms late (last 9 min ago): fail-over is slower than"
                + " configured"), lateness.warning());
        advance(Duration.ofSeconds(1));
        assertEquals(Optional.empty(), lateness.warning());
        check(Duration.ofMillis(250), Duration.ofMillis(900)); // a new episode: its own worst
        assertEquals(Optional.of("health checks start up to 650 ms late (last 0 s ago): fail-over is slower than"
                + " configured"), lateness.warning());
    }
}
