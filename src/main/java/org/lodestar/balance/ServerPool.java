package org.lodestar.balance;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import java.util.stream.IntStream;
import org.lodestar.config.Backend;
import org.lodestar.config.Server;
import org.lodestar.server.Routing;
import org.lodestar.server.StatusListener;

/**
 * The servers of one backend at run time, and the choice of a server for each request.
 *
 * <p>A request gets a server whose status is {@link Routing#ROUTABLE} (each server's {@code ServerStatus}
 * tells the pool, through {@link #statusChanged}, whenever its answer or weight changes; the pool decides
 * nothing about health, maintenance, drain or weight itself), not excluded by the caller and below its
 * {@code maxconn}; the backend's {@code balance} algorithm chooses among those (see {@link Candidates} for
 * backups). When the candidates are all full the request waits in a FIFO queue: a freed slot is handed to
 * the oldest waiter that can use it, and because waiters are served whenever anything changes, a request
 * that finds a free slot on arrival never overtakes a waiter that could have used it. A waiter no server
 * can serve any more (none ROUTABLE, none {@link Routing#PENDING} its next check) is refused with
 * {@code NO_SERVER} at once rather than left to time out.
 *
 * <p>Thread-safe. A queued request holds no thread: it leaves a callback ({@link #acquireOrQueue}), which
 * the thread that decides it runs; nothing blocks or spins. The time a request spent queued (the access
 * log's {@code Tw}) is measured on the clock the pool is given.
 */
public final class ServerPool implements StatusListener {
    private final ReentrantLock lock = new ReentrantLock();
    private final List<ServerState> servers;
    private final Balancer balancer;
    private final LongSupplier nanoClock;
    private final Deque<Waiter> waiters = new ArrayDeque<>();
    /** Callbacks of queued requests decided under the lock, run once it is released. Guarded by the lock. */
    private final List<Runnable> decided = new ArrayList<>();
    private int maxQueueLengthSeen;

    /** @param nanoClock a monotonic time in nanoseconds, {@code System::nanoTime} outside tests */
    public ServerPool(Backend backend, LongSupplier nanoClock) {
        List<Server> configured = backend.servers();
        this.servers = IntStream.range(0, configured.size())
                .mapToObj(i -> new ServerState(i, configured.get(i)))
                .toList();
        this.balancer = Balancer.of(backend.balance(), configured.size());
        this.nanoClock = nanoClock;
    }

    /**
     * Gets a slot on a server without blocking: the outcome now if there is one, else empty and the request
     * queued for at most {@code queueTimeout}, after which {@code whenDecided} gets the outcome exactly
     * once, run by the thread that frees a slot (or changes a server) or by {@code timer}. The callback must
     * be quick, and a lease it gets must be released.
     */
    public Optional<Acquisition> acquireOrQueue(String sourceKey, Duration queueTimeout,
                                                ScheduledExecutorService timer, Consumer<Acquisition> whenDecided) {
        return acquireOrQueue(sourceKey, Set.of(), queueTimeout, timer, whenDecided);
    }

    /**
     * As {@link #acquireOrQueue(String, Duration, ScheduledExecutorService, Consumer)}, never choosing one of
     * {@code excludedServers}.
     *
     * @param sourceKey       the client address, used by {@code balance source}
     * @param excludedServers names of servers that already failed this request (redispatch)
     */
    public Optional<Acquisition> acquireOrQueue(String sourceKey, Set<String> excludedServers, Duration queueTimeout,
                                                ScheduledExecutorService timer, Consumer<Acquisition> whenDecided) {
        lock.lock();
        try {
            Optional<Acquisition> now = decideNow(sourceKey, excludedServers, queueTimeout);
            if (now.isPresent()) {
                return now;
            }
            Waiter waiter = new Waiter(sourceKey, Set.copyOf(excludedServers), whenDecided, nanoClock.getAsLong());
            // Scheduled under the lock and before the waiter is queued: it cannot be served before it has a
            // deadline to cancel, nor expire before it is queued, and a timer that refuses (shut down with the
            // application) leaves no waiter behind that a freed slot would go to.
            waiter.deadline = timer.schedule(() -> expire(waiter), queueTimeout.toNanos(), TimeUnit.NANOSECONDS);
            enqueue(waiter);
            return Optional.empty();
        } finally {
            unlockAndNotify();
        }
    }

    /** Under the lock: the outcome if the request need not queue. */
    private Optional<Acquisition> decideNow(String sourceKey, Set<String> excludedServers, Duration queueTimeout) {
        List<ServerState> candidates = Candidates.of(servers, excludedServers);
        boolean awaitingCheck = candidates.isEmpty() && awaitingCheck(excludedServers);
        if (candidates.isEmpty() && !awaitingCheck) {
            return Optional.of(new Acquisition.Refused(Acquisition.Reason.NO_SERVER));
        }
        Optional<ServerState> free = takeSlot(candidates, sourceKey);
        if (free.isPresent()) {
            return Optional.of(new Acquisition.Granted(new Lease(this, free.get(), Duration.ZERO)));
        }
        if (queueTimeout.isZero() || queueTimeout.isNegative()) {
            // Not worth a place in the queue, nor in its high-water mark.
            return Optional.of(new Acquisition.Refused(Acquisition.Reason.QUEUE_TIMEOUT));
        }
        OptionalLong bound = awaitingCheck ? OptionalLong.empty() : Candidates.queueBound(candidates);
        if (bound.isPresent() && waiters.size() >= bound.getAsLong()) {
            return Optional.of(new Acquisition.Refused(Acquisition.Reason.QUEUE_FULL));
        }
        return Optional.empty();
    }

    private void enqueue(Waiter waiter) {
        waiters.addLast(waiter);
        maxQueueLengthSeen = Math.max(maxQueueLengthSeen, waiters.size());
    }

    private void expire(Waiter waiter) {
        lock.lock();
        try {
            if (waiters.remove(waiter)) {
                decide(waiter, new Acquisition.Refused(Acquisition.Reason.QUEUE_TIMEOUT));
            }
        } finally {
            unlockAndNotify();
        }
    }

    /**
     * Takes a server's new answer and weight from its status, and serves the waiters accordingly: a server
     * ROUTABLE again takes waiters, and waiters no server can serve any more are refused.
     *
     * @throws IllegalArgumentException for a server not in this backend
     */
    @Override
    public void statusChanged(String server, Routing routing, int weight) {
        lock.lock();
        try {
            state(server).setStatus(routing, weight);
            serveWaiters();
        } finally {
            unlockAndNotify();
        }
    }

    /** Every server's traffic, in file order. */
    public List<ServerSnapshot> snapshot() {
        lock.lock();
        try {
            return servers.stream().map(ServerState::snapshot).toList();
        } finally {
            lock.unlock();
        }
    }

    /** Requests in flight on this backend's servers now. */
    public int inflight() {
        lock.lock();
        try {
            return servers.stream().mapToInt(ServerState::inflight).sum();
        } finally {
            lock.unlock();
        }
    }

    /** Requests in flight on one server now. */
    public int inflight(String server) {
        lock.lock();
        try {
            return state(server).inflight();
        } finally {
            lock.unlock();
        }
    }

    /** Requests waiting now. */
    public int queueLength() {
        lock.lock();
        try {
            return waiters.size();
        } finally {
            lock.unlock();
        }
    }

    /** The longest the queue has been. */
    public int maxQueueLengthSeen() {
        lock.lock();
        try {
            return maxQueueLengthSeen;
        } finally {
            lock.unlock();
        }
    }

    /** Called once per lease by {@link Lease#release()}. */
    void free(ServerState server) {
        lock.lock();
        try {
            server.free();
            serveWaiters();
        } finally {
            unlockAndNotify();
        }
    }

    /**
     * Hands free slots to waiters, oldest first, and refuses the waiters no server can serve any more
     * (none ROUTABLE and none PENDING). Called after every change that may matter.
     */
    private void serveWaiters() {
        for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
            Waiter waiter = it.next();
            List<ServerState> candidates = Candidates.of(servers, waiter.excluded);
            if (candidates.isEmpty() && !awaitingCheck(waiter.excluded)) {
                it.remove();
                decide(waiter, new Acquisition.Refused(Acquisition.Reason.NO_SERVER));
                continue;
            }
            if (!anyFreeSlot()) {
                continue;
            }
            Optional<ServerState> free = takeSlot(candidates, waiter.sourceKey);
            if (free.isPresent()) {
                it.remove();
                Duration queued = Duration.ofNanos(nanoClock.getAsLong() - waiter.enqueuedAtNanos);
                decide(waiter, new Acquisition.Granted(new Lease(this, free.get(), queued)));
            }
        }
    }

    /**
     * Under the lock: the waiter's timeout is cancelled, and its callback is run by {@link #unlockAndNotify}
     * once the lock is released, as it may take its time or call back into the pool.
     */
    private void decide(Waiter waiter, Acquisition outcome) {
        waiter.deadline.cancel(false);
        decided.add(() -> waiter.whenDecided.accept(outcome));
    }

    /** Releases the lock, then runs the callbacks of the queued requests decided meanwhile. */
    private void unlockAndNotify() {
        List<Runnable> toRun = null;
        if (lock.getHoldCount() == 1 && !decided.isEmpty()) {
            toRun = List.copyOf(decided);
            decided.clear();
        }
        lock.unlock();
        if (toRun != null) {
            toRun.forEach(Runnable::run);
        }
    }

    private boolean awaitingCheck(Set<String> excluded) {
        return servers.stream().anyMatch(s -> s.awaitingCheck() && !excluded.contains(s.name()));
    }

    /** Lets a long queue be skipped as soon as the last free slot is handed out. */
    private boolean anyFreeSlot() {
        return servers.stream().anyMatch(s -> s.available() && s.hasFreeSlot());
    }

    /** Chooses among the candidates that have a free slot and takes that slot. */
    private Optional<ServerState> takeSlot(List<ServerState> candidates, String sourceKey) {
        List<ServerState> usable = candidates.stream().filter(ServerState::hasFreeSlot).toList();
        if (usable.isEmpty()) {
            return Optional.empty();
        }
        ServerState chosen = balancer.choose(usable, sourceKey);
        chosen.take();
        return Optional.of(chosen);
    }

    private ServerState state(String name) {
        return servers.stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("no server '" + name + "' in this backend"));
    }
}
