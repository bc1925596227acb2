package org.lodestar.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.lodestar.balance.Acquisition;
import org.lodestar.balance.ConcurrencyLimit;
import org.lodestar.balance.ServerPool;

/**
 * A request's way through a frontend's {@code maxconn} and a backend's pool, as the proxy makes it (with a
 * callback, no thread waiting) but with the outcome as a future: completed at once when there is one, else
 * by the callback. A test waits for it with {@link #await}, bounded, so a request left waiting fails the
 * test instead of hanging it, and no test needs a thread blocked in the pool to make a request wait.
 */
public final class Admissions {
    /** Long enough for any outcome a passing test waits for, short enough not to hang a failing one. */
    public static final Duration BOUND = Duration.ofSeconds(2);

    /**
     * The timer of requests that may not queue: the pool decides those at once and never schedules on it,
     * so no thread starts; should it ever (a regression), its thread is a daemon and the test still fails.
     */
    private static final ScheduledExecutorService UNUSED_TIMER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread thread = new Thread(r, "admissions-unused-timer");
        thread.setDaemon(true);
        return thread;
    });

    private Admissions() {
    }

    /**
     * A request for a server slot that may wait up to {@code queueTimeout}: its outcome, now or once the pool
     * decides it (run by whoever frees a slot or changes a server, or by {@code timer} at the timeout).
     */
    public static CompletableFuture<Acquisition> acquire(ServerPool pool, String sourceKey, Set<String> excluded,
                                                         Duration queueTimeout, ScheduledExecutorService timer) {
        CompletableFuture<Acquisition> outcome = new CompletableFuture<>();
        pool.acquireOrQueue(sourceKey, excluded, queueTimeout, timer, outcome::complete).ifPresent(outcome::complete);
        return outcome;
    }

    /**
     * A request for a server slot that may not wait ({@code timeout queue 0}): granted, or refused with
     * {@code NO_SERVER} or {@code QUEUE_TIMEOUT}, always at once.
     */
    public static Acquisition acquireNow(ServerPool pool, String sourceKey, Set<String> excluded) {
        return pool.acquireOrQueue(sourceKey, excluded, Duration.ZERO, UNUSED_TIMER, late -> { })
                .orElseGet(() -> fail("a request that may not wait was queued"));
    }

    /**
     * A request at a frontend's {@code maxconn} that may wait up to {@code wait}: its permit, now or once a
     * release hands it one, or empty once {@code timer} ended the wait.
     */
    public static CompletableFuture<Optional<ConcurrencyLimit.Permit>> admit(ConcurrencyLimit limit, Duration wait,
                                                                             ScheduledExecutorService timer) {
        CompletableFuture<Optional<ConcurrencyLimit.Permit>> outcome = new CompletableFuture<>();
        ConcurrencyLimit.Admission now = limit.admit(wait, timer, permit -> outcome.complete(Optional.of(permit)),
                () -> outcome.complete(Optional.empty()));
        if (now instanceof ConcurrencyLimit.Admission.Admitted admitted) {
            outcome.complete(Optional.of(admitted.permit()));
        }
        return outcome;
    }

    /** The outcome, waited for at most {@link #BOUND}. */
    public static <T> T await(CompletableFuture<T> outcome) throws InterruptedException {
        try {
            return outcome.get(BOUND.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            return fail("no outcome within " + BOUND + ": the request is still waiting", e);
        } catch (ExecutionException e) {
            return fail("the outcome's callback failed", e.getCause());
        }
    }
}
