package org.lodestar.proxy;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.http.HttpServletRequest;
import java.io.IOException;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * A request parked without a thread while it waits for a slot (its frontend's {@code maxconn}, then a
 * server's): when the outcome comes (a slot, or {@code timeout queue} expired) the request is dispatched
 * to the proxy again, which goes on with the {@link Continuation}. Without this, every waiting request
 * held a container thread and, beyond the thread pool's size, the dashboard queued behind them.
 *
 * <p>The outcome may arrive before the request is parked (a slot freed in between): whichever of the two
 * comes second dispatches, so the dispatch happens exactly once.
 *
 * @param <T> what the request waits for
 */
final class ParkedRequest<T> {
    static final String ATTRIBUTE = ParkedRequest.class.getName();
    private static final Logger LOG = Logger.getLogger(ParkedRequest.class.getName());

    /** Where the request goes on, on the thread of the dispatch. */
    @FunctionalInterface
    interface Continuation<T> {
        void resume(T outcome) throws IOException;
    }

    private final Continuation<T> continuation;
    /** Gives back what the outcome holds when the request ended before it could use it. */
    private final Consumer<T> abandon;
    private AsyncContext parked;
    private T outcome;
    private boolean decided;
    /** The container would not park the request: nobody will resume it. */
    private boolean unparkable;

    ParkedRequest(Continuation<T> continuation, Consumer<T> abandon) {
        this.continuation = continuation;
        this.abandon = abandon;
    }

    /** Frees the request's thread; if the container refuses, what the wait brings is given back. */
    synchronized void park(HttpServletRequest request) {
        try {
            parked = request.startAsync();
        } catch (IllegalStateException refused) {
            unparkable = true;
            if (decided) {
                abandon.accept(outcome);
            }
            throw refused;
        }
        // The queue's own deadline always ends the wait; the container's async timeout must not race it.
        parked.setTimeout(0);
        dispatchIfDecided();
    }

    synchronized void decided(T result) {
        outcome = result;
        decided = true;
        if (unparkable) {
            abandon.accept(result);
            return;
        }
        dispatchIfDecided();
    }

    /** On the dispatched thread. */
    void resume() throws IOException {
        T result;
        synchronized (this) {
            result = outcome;
        }
        continuation.resume(result);
    }

    private void dispatchIfDecided() {
        if (parked == null || !decided) {
            return;
        }
        try {
            parked.dispatch();
        } catch (IllegalStateException gone) {
            // The container already ended the request (the client went away): nobody will use the outcome.
            LOG.fine(() -> "a parked request ended before its wait did: " + gone.getMessage());
            abandon.accept(outcome);
        }
    }
}
