package org.lodestar.proxy;

import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import java.util.logging.Logger;

/**
 * Frees a request's thread while it waits (for a slot, a retry's pause): {@link #park} makes
 * it asynchronous and {@link #wake} dispatches it back to the proxy, which goes on where it stopped. The
 * wake may come before the park (the slot was freed meanwhile): then {@link #park} says so and the request
 * goes on without leaving its thread. Each park is woken exactly once.
 */
final class Parking {
    private static final Logger LOG = Logger.getLogger(Parking.class.getName());

    /** The container will not make this request asynchronous (a filter in front without asyncSupported). */
    static final class NotParkable extends RuntimeException {
        private static final long serialVersionUID = 1L;

        NotParkable(String message) {
            super(message, null, false, false);
        }
    }

    /** Told when the container ends a parked request itself (the client went away). */
    interface Abandon {
        void abandoned(String why);
    }

    private final Abandon abandon;
    /** Waits on the request's own thread instead of leaving it ({@link #onThread}). */
    private final boolean holdsThread;
    private AsyncContext async;
    private boolean parked;
    private boolean wokenEarly;
    private boolean ended;

    Parking(Abandon abandon) {
        this(abandon, false);
    }

    private Parking(Abandon abandon, boolean holdsThread) {
        this.abandon = abandon;
        this.holdsThread = holdsThread;
    }

    /**
     * A parking that keeps the request on its thread until the wake: for a request whose body came chunked.
     * Payara's listener ended such a request itself, with an empty 200, once it was made asynchronous after
     * its body was read (measured on Payara Micro 6.2025.10). Every wait still ends by its own deadline, so
     * the thread is bounded.
     */
    static Parking onThread(Abandon abandon) {
        return new Parking(abandon, true);
    }

    /**
     * Frees the thread until {@link #wake}.
     *
     * @return false when the wake came already: the caller goes on at once, on this thread
     * @throws NotParkable when the container will not make the request asynchronous
     */
    synchronized boolean park(HttpServletRequest request) {
        if (holdsThread) {
            awaitWake();
        }
        if (wokenEarly) {
            wokenEarly = false;
            return false;
        }
        if (!request.isAsyncSupported()) {
            throw new NotParkable("asynchronous requests are not supported on this filter chain");
        }
        try {
            async = request.startAsync();
        } catch (IllegalStateException refused) {
            throw new NotParkable(refused.getMessage());
        }
        async.setTimeout(0); // every wait has its own deadline (timeout queue, connect, server)
        async.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                // the proxy completed it
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                gone("the container timed the request out");
            }

            @Override
            public void onError(AsyncEvent event) {
                gone("the client connection failed: " + event.getThrowable());
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
                // parked again
            }
        });
        parked = true;
        return true;
    }

    /** Under the monitor: waits for {@link #wake}, which comes from a wait's outcome or its deadline. */
    private void awaitWake() {
        boolean interrupted = false;
        while (!wokenEarly) {
            try {
                wait();
            } catch (InterruptedException e) {
                interrupted = true; // the wake is bounded by the wait's deadline: keep waiting for it
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The wait is over: a parked request is dispatched back; one not parked yet will not park. Any thread. */
    void wake() {
        AsyncContext dispatch;
        synchronized (this) {
            if (ended) {
                return;
            }
            if (!parked) {
                wokenEarly = true;
                notifyAll();
                return;
            }
            parked = false;
            dispatch = async;
        }
        try {
            dispatch.dispatch();
        } catch (IllegalStateException gone) {
            LOG.fine(() -> "a parked request ended before its wait did: " + gone.getMessage());
            gone("the request ended while it waited");
        }
    }

    private void gone(String why) {
        AsyncContext context;
        synchronized (this) {
            if (ended) {
                return;
            }
            ended = true;
            parked = false;
            context = async;
        }
        abandon.abandoned(why);
        try {
            context.complete();
        } catch (IllegalStateException alreadyEnded) {
            // the container ended it itself
        }
    }

    /** Whether the container ended the request while it was parked. */
    synchronized boolean abandoned() {
        return ended;
    }
}
