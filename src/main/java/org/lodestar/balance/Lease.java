package org.lodestar.balance;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;
import org.lodestar.config.Server;

/**
 * A slot on one server, held while the request is in flight. Releasing it more than once is harmless,
 * so cleanup code may release on every path without bookkeeping.
 */
public final class Lease implements AutoCloseable {
    private final ServerPool pool;
    private final ServerState state;
    private final Duration queued;
    private final AtomicBoolean released = new AtomicBoolean();

    Lease(ServerPool pool, ServerState state, Duration queued) {
        this.pool = pool;
        this.state = state;
        this.queued = queued;
    }

    public Server server() {
        return state.server();
    }

    /** Time spent in the queue before the slot was granted (the access log's Tw); zero if none. */
    public Duration queued() {
        return queued;
    }

    /** Frees the slot and hands it to the oldest waiting request that can use it. */
    public void release() {
        if (released.compareAndSet(false, true)) {
            pool.free(state);
        }
    }

    /** Same as {@link #release()}, for try-with-resources. */
    @Override
    public void close() {
        release();
    }
}
