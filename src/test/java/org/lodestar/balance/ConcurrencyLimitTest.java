package org.lodestar.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lodestar.testing.Admissions.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.lodestar.testing.Admissions;

class ConcurrencyLimitTest {
    private static final Duration NO_WAIT = Duration.ZERO;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    private ConcurrencyLimit.Permit admitNow(ConcurrencyLimit limit) {
        return assertInstanceOf(ConcurrencyLimit.Admission.Admitted.class,
                limit.admit(NO_WAIT, timer, p -> { }, () -> { }), "expected a free slot").permit();
    }

    /** A request that may wait up to {@code wait}: its permit, now or later, or empty once the wait expired. */
    private CompletableFuture<Optional<ConcurrencyLimit.Permit>> request(ConcurrencyLimit limit, Duration wait) {
        return Admissions.admit(limit, wait, timer);
    }

    @Test
    void unlimitedAlwaysAdmits() {
        ConcurrencyLimit limit = new ConcurrencyLimit(0);
        for (int i = 0; i < 1000; i++) {
            admitNow(limit);
        }
        assertEquals(1000, limit.current());
    }

    @Test
    void admitsUpToTheLimit() throws InterruptedException {
        ConcurrencyLimit limit = new ConcurrencyLimit(2);
        ConcurrencyLimit.Permit first = admitNow(limit);
        admitNow(limit);
        long start = System.nanoTime();
        assertFalse(await(request(limit, Duration.ofMillis(20))).isPresent());
        assertTrue(System.nanoTime() - start >= Duration.ofMillis(20).toNanos());
        first.release();
        admitNow(limit);
    }

    @Test
    void releaseIsIdempotent() throws InterruptedException {
        ConcurrencyLimit limit = new ConcurrencyLimit(2);
        ConcurrencyLimit.Permit permit = admitNow(limit);
        admitNow(limit);
        permit.release();
        permit.close();
        assertEquals(1, limit.current());
        admitNow(limit);
        assertFalse(await(request(limit, NO_WAIT)).isPresent(), "a double release must not add a slot");
    }

    @Test
    void aWaitingRequestIsAdmittedWhenAPermitIsReleased() throws InterruptedException {
        ConcurrencyLimit limit = new ConcurrencyLimit(1);
        ConcurrencyLimit.Permit held = admitNow(limit);
        CompletableFuture<Optional<ConcurrencyLimit.Permit>> waiting = request(limit, Duration.ofSeconds(5));
        assertFalse(waiting.isDone());
        held.release();
        assertTrue(await(waiting).isPresent());
    }

    @Test
    void countsCurrentAndMaximum() {
        ConcurrencyLimit limit = new ConcurrencyLimit(5);
        List<ConcurrencyLimit.Permit> permits = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            permits.add(admitNow(limit));
        }
        permits.forEach(ConcurrencyLimit.Permit::release);
        admitNow(limit);
        assertEquals(1, limit.current());
        assertEquals(3, limit.maxSeen());
        assertEquals(5, limit.limit());
    }

    @Test
    void aQueuedRequestHoldsNoThreadAndGetsTheReleasedPermit() {
        ConcurrencyLimit limit = new ConcurrencyLimit(1);
        ConcurrencyLimit.Permit held = admitNow(limit);
        List<ConcurrencyLimit.Permit> admitted = new ArrayList<>();
        AtomicInteger expired = new AtomicInteger();
        assertInstanceOf(ConcurrencyLimit.Admission.Queued.class,
                limit.admit(Duration.ofMinutes(1), timer, admitted::add, expired::incrementAndGet));
        assertEquals(1, limit.queued());
        assertTrue(admitted.isEmpty());

        held.release();
        assertEquals(1, admitted.size(), "the release ran the queued request's callback");
        assertEquals(1, limit.current(), "the slot went to the queued request");
        assertEquals(0, limit.queued());
        assertEquals(0, expired.get());
    }

    @Test
    void queuedRequestsAreAdmittedInArrivalOrderAndNewcomersDoNotOvertakeThem() {
        ConcurrencyLimit limit = new ConcurrencyLimit(1);
        ConcurrencyLimit.Permit held = admitNow(limit);
        List<String> order = new ArrayList<>();
        List<ConcurrencyLimit.Permit> permits = new ArrayList<>();
        for (String name : List.of("first", "second")) {
            limit.admit(Duration.ofMinutes(1), timer, p -> {
                order.add(name);
                permits.add(p);
            }, () -> order.add(name + " expired"));
        }
        held.release();
        assertInstanceOf(ConcurrencyLimit.Admission.Queued.class,
                limit.admit(Duration.ofMinutes(1), timer, p -> order.add("newcomer"), () -> { }),
                "a request arriving while others wait queues behind them");
        permits.get(0).release();
        assertEquals(List.of("first", "second"), order);
    }

    @Test
    void anExpiredWaitIsToldOnceAndNeverGetsAPermitLater() throws Exception {
        ConcurrencyLimit limit = new ConcurrencyLimit(1);
        ConcurrencyLimit.Permit held = admitNow(limit);
        CompletableFuture<String> outcome = new CompletableFuture<>();
        limit.admit(Duration.ofMillis(20), timer, p -> outcome.complete("admitted"),
                () -> outcome.complete("expired"));
        assertEquals("expired", outcome.get(5, TimeUnit.SECONDS));
        assertEquals(0, limit.queued());

        held.release();
        assertEquals(0, limit.current(), "the freed slot stays free: nobody waits any more");
        assertInstanceOf(ConcurrencyLimit.Admission.Admitted.class,
                limit.admit(Duration.ZERO, timer, p -> { }, () -> { }));
    }

    @Test
    void anAdmittedWaitIsNeverToldItExpired() throws Exception {
        ConcurrencyLimit limit = new ConcurrencyLimit(1);
        ConcurrencyLimit.Permit held = admitNow(limit);
        AtomicInteger expired = new AtomicInteger();
        CompletableFuture<ConcurrencyLimit.Permit> admitted = new CompletableFuture<>();
        limit.admit(Duration.ofMillis(50), timer, admitted::complete, expired::incrementAndGet);
        held.release();
        admitted.get(5, TimeUnit.SECONDS);
        // The deadline was cancelled; a timer run after it would find the ticket gone anyway.
        timer.schedule(() -> { }, 100, TimeUnit.MILLISECONDS).get(5, TimeUnit.SECONDS);
        assertEquals(0, expired.get());
    }

    @Test
    void aTimerThatRefusesTheWaitLeavesNothingQueued() {
        ConcurrencyLimit limit = new ConcurrencyLimit(1);
        ConcurrencyLimit.Permit held = admitNow(limit);
        ScheduledExecutorService stopped = Executors.newSingleThreadScheduledExecutor();
        stopped.shutdown(); // as the proxy's timer is once the application is undeployed
        List<ConcurrencyLimit.Permit> admitted = new ArrayList<>();
        assertThrows(RejectedExecutionException.class,
                () -> limit.admit(Duration.ofMinutes(1), stopped, admitted::add, () -> { }));
        assertEquals(0, limit.queued(), "a request told it cannot wait is not left waiting");
        held.release();
        assertTrue(admitted.isEmpty(), "nor is it handed a permit later, which nobody would release");
        assertEquals(0, limit.current());
    }

    @Test
    void negativeLimitIsRejected() {
        assertThrows(IllegalArgumentException.class, () -> new ConcurrencyLimit(-1));
    }
}
