package org.lodestar.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lodestar.balance.PoolTesting.PATIENT;
import static org.lodestar.balance.PoolTesting.assertRefused;
import static org.lodestar.balance.PoolTesting.backend;
import static org.lodestar.balance.PoolTesting.grant;
import static org.lodestar.balance.PoolTesting.pick;
import static org.lodestar.balance.PoolTesting.pool;
import static org.lodestar.balance.PoolTesting.snapshotOf;
import static org.lodestar.server.Routing.OUT;
import static org.lodestar.server.Routing.PENDING;
import static org.lodestar.server.Routing.ROUTABLE;
import static org.lodestar.testing.Admissions.await;
import static org.lodestar.testing.Fixtures.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.lodestar.balance.Acquisition.Reason;
import org.lodestar.config.Backend.Balance;
import org.lodestar.testing.Admissions;

class ServerPoolTest {
    /** Ends the queue timeouts of requests a test left waiting. */
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

    @AfterEach
    void stopTimer() {
        timer.shutdownNow();
    }

    /** A request that may wait up to {@code queueTimeout}: its outcome, now or later. */
    private CompletableFuture<Acquisition> request(ServerPool pool, Set<String> excluded, Duration queueTimeout) {
        return Admissions.acquire(pool, "client", excluded, queueTimeout, timer);
    }

    /** The outcome of a request that may wait {@link PoolTesting#PATIENT}ly, waited for (boundedly). */
    private Acquisition outcome(ServerPool pool, Set<String> excluded) throws InterruptedException {
        return await(request(pool, excluded, PATIENT));
    }

    /** Makes a request that waits in the queue, and returns once it is queued. */
    private CompletableFuture<Acquisition> queue(ServerPool pool, Set<String> excluded) {
        int before = pool.queueLength();
        CompletableFuture<Acquisition> waiting = request(pool, excluded, PATIENT);
        assertFalse(waiting.isDone(), () -> "expected the request to queue, got " + waiting.getNow(null));
        assertEquals(before + 1, pool.queueLength());
        return waiting;
    }

    private static Lease granted(CompletableFuture<Acquisition> waiting) throws InterruptedException {
        return assertInstanceOf(Acquisition.Granted.class, await(waiting)).lease();
    }

    @Nested
    class WhichServers {
        @Test
        void disabledServersAreNeverUsed() {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").disabled(), server("b"));
            for (int i = 0; i < 10; i++) {
                assertEquals("b", pick(pool, "client"));
            }
        }

        @Test
        void onlyDisabledServersMeansNoServer() throws InterruptedException {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").disabled());
            assertRefused(Reason.NO_SERVER, outcome(pool, Set.of()));
        }

        @Test
        void weightZeroIsNeverChosen() {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").weight(0), server("b"));
            for (int i = 0; i < 10; i++) {
                assertEquals("b", pick(pool, "client"));
            }
        }

        @Test
        void theWeightItIsToldIsTheOneUsed() {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a"), server("b"));
            pool.statusChanged("a", ROUTABLE, 3);
            List<String> picks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                picks.add(pick(pool, "c"));
            }
            assertEquals(6, Collections.frequency(picks, "a"), picks.toString());
            pool.statusChanged("a", OUT, 0);
            assertEquals(List.of("b", "b"), List.of(pick(pool, "c"), pick(pool, "c")));
        }

        @Test
        void downServersAreSkippedUntilUpAgain() {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a"), server("b"));
            pool.statusChanged("a", OUT, 1);
            assertEquals(List.of("b", "b"), List.of(pick(pool, "c"), pick(pool, "c")));
            pool.statusChanged("a", ROUTABLE, 1);
            assertEquals(Set.of("a", "b"), Set.of(pick(pool, "c"), pick(pool, "c")));
        }

        @Test
        void excludedServersAreSkipped() throws InterruptedException {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a"), server("b"));
            for (int i = 0; i < 4; i++) {
                assertEquals("b", grant(pool, "client", Set.of("a")).server().name());
            }
            assertRefused(Reason.NO_SERVER, outcome(pool, Set.of("a", "b")));
        }

        @Test
        void noServerUpMeansNoServer() throws InterruptedException {
            ServerPool pool = pool(Balance.LEASTCONN, server("a"), server("b"));
            pool.statusChanged("a", OUT, 1);
            pool.statusChanged("b", OUT, 1);
            assertRefused(Reason.NO_SERVER, outcome(pool, Set.of()));
        }

        @Test
        void unknownServerNameIsAnError() {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a"));
            assertThrows(IllegalArgumentException.class, () -> pool.statusChanged("nope", ROUTABLE, 1));
        }
    }

    @Nested
    class Backups {
        @Test
        void usedOnlyWhenNoActiveServerIsUp() {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a"), server("spare").backup());
            assertEquals("a", pick(pool, "c"));
            pool.statusChanged("a", OUT, 1);
            assertEquals("spare", pick(pool, "c"));
            pool.statusChanged("a", ROUTABLE, 1);
            assertEquals("a", pick(pool, "c"));
        }

        @Test
        void onlyTheFirstAvailableBackupIsUsed() {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a"), server("b1").backup(), server("b2").backup());
            pool.statusChanged("a", OUT, 1);
            assertEquals(List.of("b1", "b1"), List.of(pick(pool, "c"), pick(pool, "c")));
            pool.statusChanged("b1", OUT, 1);
            assertEquals("b2", pick(pool, "c"));
        }

        @Test
        void fullActivesQueueInsteadOfSpillingToBackups() throws InterruptedException {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1), server("spare").backup());
            grant(pool);
            assertRefused(Reason.QUEUE_TIMEOUT, await(request(pool, Set.of(), Duration.ofMillis(10))));
        }

        @Test
        void takeOverQueuedRequestsWhenTheLastActiveGoesDown() throws Exception {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1), server("spare").backup());
            grant(pool);
            CompletableFuture<Acquisition> waiting = queue(pool, Set.of());
            pool.statusChanged("a", OUT, 1);
            assertEquals("spare", granted(waiting).server().name());
        }
    }

    @Nested
    class FirstCheck {
        @Test
        void requestWaitsForTheFirstCheckInsteadOfBeingRefused() throws Exception {
            ServerPool pool = pool(Balance.LEASTCONN, server("leader"), server("standby"));
            pool.statusChanged("leader", PENDING, 1);
            pool.statusChanged("standby", PENDING, 1);
            CompletableFuture<Acquisition> waiting = queue(pool, Set.of());
            pool.statusChanged("standby", OUT, 1);
            assertFalse(waiting.isDone(), "still waiting: the leader's check is pending");
            pool.statusChanged("leader", ROUTABLE, 1);
            assertEquals("leader", granted(waiting).server().name());
        }

        @Test
        void waitersAreRefusedOnceEveryFirstCheckFailed() throws Exception {
            ServerPool pool = pool(Balance.LEASTCONN, server("a"), server("b"));
            pool.statusChanged("a", PENDING, 1);
            pool.statusChanged("b", PENDING, 1);
            CompletableFuture<Acquisition> waiting = queue(pool, Set.of());
            pool.statusChanged("a", OUT, 1);
            pool.statusChanged("b", OUT, 1);
            assertRefused(Reason.NO_SERVER, await(waiting));
            assertRefused(Reason.NO_SERVER, outcome(pool, Set.of()));
        }

        @Test
        void pendingCheckNeverTakesTraffic() {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("checked"), server("pending"));
            pool.statusChanged("pending", PENDING, 1);
            for (int i = 0; i < 4; i++) {
                assertEquals("checked", pick(pool, "c"));
            }
        }
    }

    @Nested
    class Queue {
        @Test
        void waitersGetFreedSlotsInArrivalOrder() throws Exception {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1));
            Lease held = grant(pool);
            List<Integer> order = Collections.synchronizedList(new ArrayList<>());
            List<CompletableFuture<Void>> waiters = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                int id = i;
                waiters.add(queue(pool, Set.of()).thenAccept(got -> {
                    order.add(id);
                    ((Acquisition.Granted) got).lease().release();
                }));
            }
            held.release();
            await(CompletableFuture.allOf(waiters.toArray(CompletableFuture[]::new)));
            assertEquals(List.of(1, 2, 3, 4), order);
            assertEquals(4, pool.maxQueueLengthSeen());
            assertEquals(0, pool.queueLength());
        }

        @Test
        void aNewRequestDoesNotOvertakeAWaiter() throws Exception {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1));
            Lease held = grant(pool);
            CompletableFuture<Acquisition> waiting = queue(pool, Set.of());
            held.release();
            assertRefused(Reason.QUEUE_TIMEOUT, Admissions.acquireNow(pool, "newcomer", Set.of()));
            granted(waiting).release();
        }

        @Test
        void queuedTimeIsMeasuredOnThePoolsClock() throws Exception {
            AtomicLong nanos = new AtomicLong(7_000_000_000L);
            ServerPool pool = pool(backend(Balance.ROUNDROBIN, server("a").maxconn(1)), nanos::get);
            Lease held = grant(pool);
            assertEquals(Duration.ZERO, held.queued());
            CompletableFuture<Acquisition> waiting = queue(pool, Set.of());
            nanos.addAndGet(Duration.ofMillis(20).toNanos());
            held.release();
            assertEquals(Duration.ofMillis(20), granted(waiting).queued());
        }

        @Test
        void refusedAfterTheQueueTimeout() throws InterruptedException {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1));
            grant(pool);
            long start = System.nanoTime();
            assertRefused(Reason.QUEUE_TIMEOUT, await(request(pool, Set.of(), Duration.ofMillis(30))));
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(30).toNanos());
            assertEquals(0, pool.queueLength());
        }

        @Test
        void noQueueTimeoutMeansNoWaiting() {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1));
            grant(pool);
            assertRefused(Reason.QUEUE_TIMEOUT, Admissions.acquireNow(pool, "client", Set.of()));
            assertEquals(0, pool.maxQueueLengthSeen());
        }

        @Test
        void refusedAtOnceWhenTheQueueIsFull() throws Exception {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1).maxqueue(1),
                    server("b").maxconn(1).maxqueue(1));
            grant(pool);
            grant(pool);
            queue(pool, Set.of());
            queue(pool, Set.of());
            CompletableFuture<Acquisition> refused = request(pool, Set.of(), PATIENT);
            assertTrue(refused.isDone(), "refused by the call itself, not after a wait");
            assertRefused(Reason.QUEUE_FULL, refused.join());
        }

        @Test
        void queueBoundCountsOnlyTheRequestsCandidates() throws Exception {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1).maxqueue(1),
                    server("b").maxconn(1).maxqueue(1));
            grant(pool);
            grant(pool);
            queue(pool, Set.of());
            assertRefused(Reason.QUEUE_FULL, outcome(pool, Set.of("b")));
        }

        @Test
        void anUnlimitedServerMakesTheQueueUnbounded() throws Exception {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1).maxqueue(1), server("b").maxconn(1));
            grant(pool);
            grant(pool);
            queue(pool, Set.of());
            queue(pool, Set.of());
            assertRefused(Reason.QUEUE_TIMEOUT, await(request(pool, Set.of(), Duration.ofMillis(5))));
        }

        @Test
        void aServerComingUpServesTheQueue() throws Exception {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1), server("b"));
            pool.statusChanged("b", OUT, 1);
            grant(pool);
            CompletableFuture<Acquisition> waiting = queue(pool, Set.of());
            pool.statusChanged("b", ROUTABLE, 1);
            assertEquals("b", granted(waiting).server().name());
        }

        @Test
        void aWaiterIsNotGivenAServerItExcluded() throws Exception {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1), server("b").maxconn(1));
            Lease onA = grant(pool);
            Lease onB = grant(pool);
            CompletableFuture<Acquisition> avoidingA = queue(pool, Set.of("a"));
            CompletableFuture<Acquisition> anyServer = queue(pool, Set.of());
            onA.release();
            assertEquals("a", granted(anyServer).server().name());
            assertFalse(avoidingA.isDone());
            onB.release();
            assertEquals("b", granted(avoidingA).server().name());
        }
    }

    /** What a queued request's callback is told, when, and by which thread: no thread waits meanwhile. */
    @Nested
    class QueueWithoutAThread {
        @Test
        void aFreeSlotIsGrantedAtOnceWithoutCallback() {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1));
            List<Acquisition> called = new ArrayList<>();
            Acquisition now = pool.acquireOrQueue("client", PATIENT, timer, called::add).orElseThrow();
            assertInstanceOf(Acquisition.Granted.class, now);
            assertTrue(called.isEmpty());
        }

        @Test
        void aFreedSlotIsHandedToTheCallbackInArrivalOrder() throws Exception {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1));
            Lease held = grant(pool);
            List<Acquisition> called = Collections.synchronizedList(new ArrayList<>());
            assertTrue(pool.acquireOrQueue("client", PATIENT, timer, called::add).isEmpty());
            CompletableFuture<Acquisition> second = queue(pool, Set.of());
            assertEquals(2, pool.queueLength());

            held.release();
            assertEquals(1, called.size(), "the releasing thread ran the first waiter's callback");
            Lease handedOver = assertInstanceOf(Acquisition.Granted.class, called.get(0)).lease();
            assertFalse(second.isDone(), "the later waiter waits for the next freed slot");
            handedOver.release();
            granted(second).release();
        }

        @Test
        void queuedTimeIsMeasuredOnThePoolsClock() throws Exception {
            AtomicLong nanos = new AtomicLong(-5_000_000L);
            ServerPool pool = pool(backend(Balance.ROUNDROBIN, server("a").maxconn(1)), nanos::get);
            Lease held = grant(pool);
            List<Acquisition> called = new ArrayList<>();
            assertTrue(pool.acquireOrQueue("client", PATIENT, timer, called::add).isEmpty());
            nanos.addAndGet(Duration.ofMillis(3).toNanos());
            held.release();
            Lease handedOver = assertInstanceOf(Acquisition.Granted.class, called.get(0)).lease();
            assertEquals(Duration.ofMillis(3), handedOver.queued());
            handedOver.release();
        }

        @Test
        void theQueueTimeoutRefusesTheCallbackOnceAndTheSlotStaysFree() throws Exception {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1));
            Lease held = grant(pool);
            CompletableFuture<Acquisition> outcome = new CompletableFuture<>();
            List<Acquisition> called = Collections.synchronizedList(new ArrayList<>());
            pool.acquireOrQueue("client", Duration.ofMillis(20), timer, a -> {
                called.add(a);
                outcome.complete(a);
            });
            assertRefused(Reason.QUEUE_TIMEOUT, outcome.get(2, TimeUnit.SECONDS));
            held.release();
            assertEquals(1, called.size(), "told once, and never granted after its timeout");
            assertEquals(0, snapshotOf(pool, "a").inflight());
        }

        @Test
        void aTimerThatRefusesTheQueueTimeoutLeavesNothingQueued() {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1));
            Lease held = grant(pool);
            ScheduledExecutorService stopped = Executors.newSingleThreadScheduledExecutor();
            stopped.shutdown(); // as the proxy's timer is once the application is undeployed
            List<Acquisition> called = new ArrayList<>();
            assertThrows(RejectedExecutionException.class,
                    () -> pool.acquireOrQueue("client", PATIENT, stopped, called::add));
            assertEquals(0, pool.queueLength(), "a request told it cannot wait is not left waiting");
            held.release();
            assertTrue(called.isEmpty(), "nor is it handed a slot later, which nobody would release");
            assertEquals(0, snapshotOf(pool, "a").inflight());
        }

        @Test
        void aWaiterNoServerCanServeIsRefusedAtOnce() {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1));
            grant(pool);
            List<Acquisition> called = new ArrayList<>();
            pool.acquireOrQueue("client", PATIENT, timer, called::add);
            pool.statusChanged("a", OUT, 1);
            assertEquals(List.of(new Acquisition.Refused(Reason.NO_SERVER)), called);
        }
    }

    @Nested
    class Leases {
        @Test
        void releaseIsIdempotent() {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(2));
            Lease first = grant(pool);
            grant(pool);
            first.release();
            first.release();
            first.close();
            assertEquals(1, snapshotOf(pool, "a").inflight());
            grant(pool);
            assertRefused(Reason.QUEUE_TIMEOUT, Admissions.acquireNow(pool, "client", Set.of()));
        }

        @Test
        void snapshotCountsInflightAndSelections() {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(5).weight(2), server("b").backup());
            grant(pool);
            pick(pool, "client");
            assertEquals(List.of(new ServerSnapshot("a", 1, 5, 2), new ServerSnapshot("b", 0, 0, 0)), pool.snapshot());
        }
    }
}
