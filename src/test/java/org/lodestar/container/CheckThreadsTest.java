package org.lodestar.container;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The threads both schedulers run the checks on, with plain threads as in the Tomcat flavour. */
class CheckThreadsTest {
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final CheckThreads threads = new CheckThreads(CheckThreads.daemonThreads());

    @AfterEach
    void stop() {
        threads.stop(STOP_WAIT);
    }

    @Test
    void scheduledTaskRunsOnACheckThreadNotTheTimer() throws Exception {
        AtomicReference<String> thread = new AtomicReference<>();
        CountDownLatch ran = new CountDownLatch(1);
        threads.schedule(Duration.ofMillis(20), () -> {
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
        threads.schedule(Duration.ZERO, () -> {
            try {
                release.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        threads.schedule(Duration.ofMillis(10), second::countDown);
        try {
            assertTrue(second.await(10, TimeUnit.SECONDS), "second check waited for the first");
        } finally {
            release.countDown();
        }
    }

    /** A check waits on the pool for its HTTP exchange: with a bounded pool, enough checks at once starve. */
    @Test
    void checksWaitingForExchangesOnTheSamePoolNeverStarve() throws Exception {
        int checks = 32;
        CountDownLatch done = new CountDownLatch(checks);
        CountDownLatch allStarted = new CountDownLatch(checks);
        for (int i = 0; i < checks; i++) {
            threads.run(() -> {
                allStarted.countDown();
                try {
                    allStarted.await(); // every check holds its thread, as checks of hanging servers do
                    CompletableFuture.runAsync(() -> { }, threads.checks()).get(10, TimeUnit.SECONDS);
                    done.countDown();
                } catch (Exception starvedOrStopped) {
                    // not counted as done
                }
            });
        }
        assertTrue(done.await(20, TimeUnit.SECONDS), done.getCount() + " checks never got their exchange run");
    }

    @Test
    void schedulingAfterTheStopRunsNothingAndNoCheckThreadOutlivesTheStop() {
        threads.schedule(Duration.ZERO, () -> { }); // starts a timer thread
        threads.run(() -> { }); // and a check thread
        assertTrue(threads.stop(STOP_WAIT), "threads still running after the stop");
        AtomicBoolean ran = new AtomicBoolean();
        assertDoesNotThrow(() -> threads.schedule(Duration.ZERO, () -> ran.set(true)));
        assertDoesNotThrow(() -> threads.run(() -> ran.set(true)));
        // Every thread that could run it has ended, so the task can never run.
        assertEquals(0, Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.getName().startsWith("lodestar-check")).count(), "check threads left running");
        assertFalse(ran.get(), "a task scheduled after the stop ran");
    }
}
