package org.lodestar.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.function.LongSupplier;
import org.lodestar.config.Backend;
import org.lodestar.config.Backend.Balance;
import org.lodestar.server.ServerStatuses;
import org.lodestar.testing.Admissions;
import org.lodestar.testing.Fixtures;
import org.lodestar.testing.ServerBuilder;

/** Shorthands for acquiring from a pool in tests. */
final class PoolTesting {
    /** A queue timeout that never expires in a passing test: longer than {@link Admissions#BOUND}. */
    static final Duration PATIENT = Duration.ofSeconds(5);

    private PoolTesting() {
    }

    /** Backend {@code be} with these servers. */
    static Backend backend(Balance balance, ServerBuilder... servers) {
        return Fixtures.backend("be").balance(balance).servers(servers).build();
    }

    /**
     * A pool told its servers' first answers by their real statuses, as ProxyRuntime wires them: unchecked
     * servers are ROUTABLE, {@code disabled} or weight-0 ones OUT. Tests then tell it what they need.
     */
    static ServerPool pool(Balance balance, ServerBuilder... servers) {
        return pool(backend(balance, servers), System::nanoTime);
    }

    static ServerPool pool(Backend backend, LongSupplier nanoClock) {
        ServerPool pool = new ServerPool(backend, nanoClock);
        new ServerStatuses(Fixtures.config(List.of(), backend), Clock.systemUTC(), name -> pool);
        return pool;
    }

    static Lease grant(ServerPool pool) {
        return grant(pool, "client", Set.of());
    }

    static Lease grant(ServerPool pool, String sourceKey, Set<String> excluded) {
        Acquisition acquisition = Admissions.acquireNow(pool, sourceKey, excluded);
        return assertInstanceOf(Acquisition.Granted.class, acquisition, "expected a slot").lease();
    }

    /** Acquires and releases at once: which server would take one request. */
    static String pick(ServerPool pool, String sourceKey) {
        Lease lease = grant(pool, sourceKey, Set.of());
        lease.release();
        return lease.server().name();
    }

    static void assertRefused(Acquisition.Reason expected, Acquisition acquisition) {
        assertEquals(new Acquisition.Refused(expected), acquisition);
    }

    static ServerSnapshot snapshotOf(ServerPool pool, String server) {
        return pool.snapshot().stream().filter(s -> s.name().equals(server)).findFirst().orElseThrow();
    }
}
