package org.lodestar.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lodestar.balance.PoolTesting.NO_WAIT;
import static org.lodestar.balance.PoolTesting.PATIENT;
import static org.lodestar.balance.PoolTesting.assertRefused;
import static org.lodestar.balance.PoolTesting.awaitQueueLength;
import static org.lodestar.balance.PoolTesting.backend;
import static org.lodestar.balance.PoolTesting.grant;
import static org.lodestar.balance.PoolTesting.pick;
import static org.lodestar.balance.PoolTesting.pool;
import static org.lodestar.balance.PoolTesting.snapshotOf;
import static org.lodestar.server.Routing.OUT;
import static org.lodestar.server.Routing.PENDING;
import static org.lodestar.server.Routing.ROUTABLE;
import static org.lodestar.testing.Fixtures.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.lodestar.balance.Acquisition.Reason;
import org.lodestar.config.Backend.Balance;

class ServerPoolTest {
    private final ExecutorService threads = Executors.newCachedThreadPool();

    @AfterEach
    void stopThreads() throws InterruptedException {
        threads.shutdownNow();
        assertTrue(threads.awaitTermination(2, TimeUnit.SECONDS), "a queued request did not end");
    }

    /** Starts a request that waits in the queue, and returns once it is queued. */
    private Future<Acquisition> queue(ServerPool pool, Set<String> excluded) throws InterruptedException {
        int before = pool.queueLength();
        Future<Acquisition> waiting = threads.submit(() -> pool.acquire("client", excluded, PATIENT));
        awaitQueueLength(pool, before + 1);
        return waiting;
    }

    private static Lease granted(Future<Acquisition> waiting)
            throws InterruptedException, ExecutionException, TimeoutException {
        return assertInstanceOf(Acquisition.Granted.class, waiting.get(2, TimeUnit.SECONDS)).lease();
    }

    @Nested
    class WhichServers {
        @Test
        void disabledServersAreNeverUsed() throws InterruptedException {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").disabled(), server("b"));
            for (int i = 0; i < 10; i++) {
                assertEquals("b", pick(pool, "client"));
            }
        }

        @Test
        void onlyDisabledServersMeansNoServer() throws InterruptedException {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").disabled());
            assertRefused(Reason.NO_SERVER, pool.acquire("client", Set.of(), PATIENT));
        }

        @Test
        void weightZeroIsNeverChosen() throws InterruptedException {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").weight(0), server("b"));
            for (int i = 0; i < 10; i++) {
                assertEquals("b", pick(pool, "client"));
            }
        }

        @Test
        void theWeightItIsToldIsTheOneUsed() throws InterruptedException {
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
        void downServersAreSkippedUntilUpAgain() throws InterruptedException {
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
            assertRefused(Reason.NO_SERVER, pool.acquire("client", Set.of("a", "b"), PATIENT));
        }

        @Test
        void noServerUpMeansNoServer() throws InterruptedException {
            ServerPool pool = pool(Balance.LEASTCONN, server("a"), server("b"));
            pool.statusChanged("a", OUT, 1);
            pool.statusChanged("b", OUT, 1);
            assertRefused(Reason.NO_SERVER, pool.acquire("client", Set.of(), PATIENT));
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
        void usedOnlyWhenNoActiveServerIsUp() throws InterruptedException {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a"), server("spare").backup());
            assertEquals("a", pick(pool, "c"));
            pool.statusChanged("a", OUT, 1);
            assertEquals("spare", pick(pool, "c"));
            pool.statusChanged("a", ROUTABLE, 1);
            assertEquals("a", pick(pool, "c"));
        }

        @Test
        void onlyTheFirstAvailableBackupIsUsed() throws InterruptedException {
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
            assertRefused(Reason.QUEUE_TIMEOUT, pool.acquire("client", Set.of(), Duration.ofMillis(10)));
        }

        @Test
        void takeOverQueuedRequestsWhenTheLastActiveGoesDown() throws Exception {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1), server("spare").backup());
            grant(pool);
            Future<Acquisition> waiting = queue(pool, Set.of());
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
            Future<Acquisition> waiting = queue(pool, Set.of());
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
            Future<Acquisition> waiting = queue(pool, Set.of());
            pool.statusChanged("a", OUT, 1);
            pool.statusChanged("b", OUT, 1);
            assertRefused(Reason.NO_SERVER, waiting.get(2, TimeUnit.SECONDS));
            assertRefused(Reason.NO_SERVER, pool.acquire("client", Set.of(), PATIENT));
        }

        @Test
        void pendingCheckNeverTakesTraffic() throws InterruptedException {
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
            List<Future<?>> waiters = new ArrayList<>();
            for (int i = 1; i <= 4; i++) {
                int id = i;
                waiters.add(threads.submit(() -> {
                    Acquisition got = pool.acquire("client", Set.of(), PATIENT);
                    order.add(id);
                    ((Acquisition.Granted) got).lease().release();
                    return null;
                }));
                awaitQueueLength(pool, i);
            }
            held.release();
            for (Future<?> waiter : waiters) {
                waiter.get(2, TimeUnit.SECONDS);
            }
            assertEquals(List.of(1, 2, 3, 4), order);
            assertEquals(4, pool.maxQueueLengthSeen());
            assertEquals(0, pool.queueLength());
        }

        @Test
        void aNewRequestDoesNotOvertakeAWaiter() throws Exception {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1));
            Lease held = grant(pool);
            Future<Acquisition> waiting = queue(pool, Set.of());
            held.release();
            assertRefused(Reason.QUEUE_TIMEOUT, pool.acquire("newcomer", Set.of(), NO_WAIT));
            granted(waiting).release();
        }

        @Test
        void queuedTimeIsMeasuredOnThePoolsClock() throws Exception {
            AtomicLong nanos = new AtomicLong(7_000_000_000L);
            ServerPool pool = pool(backend(Balance.ROUNDROBIN, server("a").maxconn(1)), nanos::get);
            Lease held = grant(pool);
            assertEquals(Duration.ZERO, held.queued());
            Future<Acquisition> waiting = queue(pool, Set.of());
            nanos.addAndGet(Duration.ofMillis(20).toNanos());
            held.release();
            assertEquals(Duration.ofMillis(20), granted(waiting).queued());
        }

        @Test
        void refusedAfterTheQueueTimeout() throws InterruptedException {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1));
            grant(pool);
            long start = System.nanoTime();
            assertRefused(Reason.QUEUE_TIMEOUT, pool.acquire("client", Set.of(), Duration.ofMillis(30)));
            assertTrue(System.nanoTime() - start >= Duration.ofMillis(30).toNanos());
            assertEquals(0, pool.queueLength());
        }

        @Test
        void noQueueTimeoutMeansNoWaiting() throws InterruptedException {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1));
            grant(pool);
            assertRefused(Reason.QUEUE_TIMEOUT, pool.acquire("client", Set.of(), NO_WAIT));
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
            long start = System.nanoTime();
            assertRefused(Reason.QUEUE_FULL, pool.acquire("client", Set.of(), PATIENT));
            assertTrue(System.nanoTime() - start < Duration.ofSeconds(1).toNanos());
        }

        @Test
        void queueBoundCountsOnlyTheRequestsCandidates() throws Exception {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1).maxqueue(1),
                    server("b").maxconn(1).maxqueue(1));
            grant(pool);
            grant(pool);
            queue(pool, Set.of());
            assertRefused(Reason.QUEUE_FULL, pool.acquire("client", Set.of("b"), PATIENT));
        }

        @Test
        void anUnlimitedServerMakesTheQueueUnbounded() throws Exception {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1).maxqueue(1), server("b").maxconn(1));
            grant(pool);
            grant(pool);
            queue(pool, Set.of());
            queue(pool, Set.of());
            assertRefused(Reason.QUEUE_TIMEOUT, pool.acquire("client", Set.of(), Duration.ofMillis(5)));
        }

        @Test
        void aServerComingUpServesTheQueue() throws Exception {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1), server("b"));
            pool.statusChanged("b", OUT, 1);
            grant(pool);
            Future<Acquisition> waiting = queue(pool, Set.of());
            pool.statusChanged("b", ROUTABLE, 1);
            assertEquals("b", granted(waiting).server().name());
        }

        @Test
        void aWaiterIsNotGivenAServerItExcluded() throws Exception {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1), server("b").maxconn(1));
            Lease onA = grant(pool);
            Lease onB = grant(pool);
            Future<Acquisition> avoidingA = queue(pool, Set.of("a"));
            Future<Acquisition> anyServer = queue(pool, Set.of());
            onA.release();
            assertEquals("a", granted(anyServer).server().name());
            assertFalse(avoidingA.isDone());
            onB.release();
            assertEquals("b", granted(avoidingA).server().name());
        }

        @Test
        void anInterruptedWaiterLeavesTheQueue() throws Exception {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1));
            Lease held = grant(pool);
            Future<Acquisition> waiting = queue(pool, Set.of());
            waiting.cancel(true);
            awaitQueueLength(pool, 0);
            held.release();
            assertEquals(0, snapshotOf(pool, "a").inflight());
        }
    }

    /** Requests that leave a callback instead of blocking a thread while they wait. */
    @Nested
    class QueueWithoutAThread {
        private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();

        @AfterEach
        void stopTimer() {
            timer.shutdownNow();
        }

        @Test
        void aFreeSlotIsGrantedAtOnceWithoutCallback() throws InterruptedException {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1));
            List<Acquisition> called = new ArrayList<>();
            Acquisition now = pool.acquireOrQueue("client", PATIENT, timer, called::add).orElseThrow();
            assertInstanceOf(Acquisition.Granted.class, now);
            assertTrue(called.isEmpty());
        }

        @Test
        void aFreedSlotIsHandedToTheCallbackInArrivalOrderWithBlockedWaiters() throws Exception {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(1));
            Lease held = grant(pool);
            List<Acquisition> called = Collections.synchronizedList(new ArrayList<>());
            assertTrue(pool.acquireOrQueue("client", PATIENT, timer, called::add).isEmpty());
            Future<Acquisition> blocked = queue(pool, Set.of());
            assertEquals(2, pool.queueLength());

            held.release();
            assertEquals(1, called.size(), "the releasing thread ran the first waiter's callback");
            Lease handedOver = assertInstanceOf(Acquisition.Granted.class, called.get(0)).lease();
            assertFalse(blocked.isDone(), "the blocked waiter came second");
            handedOver.release();
            granted(blocked).release();
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
        void aWaiterNoServerCanServeIsRefusedAtOnce() throws InterruptedException {
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
        void releaseIsIdempotent() throws InterruptedException {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(2));
            Lease first = grant(pool);
            grant(pool);
            first.release();
            first.release();
            first.close();
            assertEquals(1, snapshotOf(pool, "a").inflight());
            grant(pool);
            assertRefused(Reason.QUEUE_TIMEOUT, pool.acquire("client", Set.of(), NO_WAIT));
        }

        @Test
        void snapshotCountsInflightAndSelections() throws InterruptedException {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").maxconn(5).weight(2), server("b").backup());
            grant(pool);
            pick(pool, "client");
            assertEquals(List.of(new ServerSnapshot("a", 1, 5, 2), new ServerSnapshot("b", 0, 0, 0)), pool.snapshot());
        }
    }
}
