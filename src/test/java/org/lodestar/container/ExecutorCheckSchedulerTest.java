package org.lodestar.container;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Tomcat flavour's scheduler, outside CDI: only its scheduling, the checks themselves are elsewhere. */
class ExecutorCheckSchedulerTest {
    private final ExecutorCheckScheduler scheduler = new ExecutorCheckScheduler();

    @AfterEach
    void stop() {
        scheduler.stop();
    }

    @Test
    void scheduledTaskRunsOnACheckThreadNotTheTimer() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        scheduler.schedule(Duration.ofMillis(20), () -> {
            thread.set(Thread.currentThread().getName());
            ran.countDown();
        });
        assertTrue(ran.await(10, TimeUnit.SECONDS), "the task never ran");
        assertTrue(thread.get().matches("lodestar-check-\\d+"), thread.get());
    }

    @Test
    void slowCheckDoesNotHoldBackTheNextOne() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        CountDownLatch second = new CountDownLatch(1);
        scheduler.schedule(Duration.ZERO, () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        scheduler.schedule(Duration.ofMillis(10), second::countDown);
        try {
            assertTrue(second.await(10, TimeUnit.SECONDS), "second check waited for the first");
        } finally {
            release.countDown();
        }
    }

    @Test
    void schedulingAfterStopIsQuietlyDropped() {
        scheduler.stop();
        assertDoesNotThrow(() -> scheduler.schedule(Duration.ZERO, () -> { }));
    }
}
