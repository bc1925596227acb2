package org.lodestar.proxy;

import jakarta.servlet.AsyncContext;
import java.util.Optional;
import java.util.logging.Logger;
import org.lodestar.balance.ConcurrencyLimit;

/**
 * A request parked without a thread while it waits for a slot of its frontend's {@code maxconn}. When the
 * slot comes (or {@code timeout queue} expires) the request is dispatched to the proxy again, which goes
 * on where it stopped. Without this, every waiting request held a container thread and, beyond the
 * thread pool's size, the dashboard queued behind them.
 *
 * <p>The outcome may arrive before the request is parked (a slot freed in between): whichever of the two
 * comes second dispatches, so the dispatch happens exactly once.
 */
final class FrontendSlotWait {
    static final String ATTRIBUTE = FrontendSlotWait.class.getName();
    private static final Logger LOG = Logger.getLogger(FrontendSlotWait.class.getName());

    private AsyncContext parked;
    private ConcurrencyLimit.Permit permit;
    private boolean decided;

    synchronized void park(AsyncContext context) {
        // The queue's own deadline always ends the wait; the container's async timeout must not race it.
        context.setTimeout(0);
        parked = context;
        resumeIfDecided();
    }

    synchronized void admitted(ConcurrencyLimit.Permit granted) {
        permit = granted;
        decided = true;
        resumeIfDecided();
    }

    synchronized void expired() {
        decided = true;
        resumeIfDecided();
    }

    /** After the dispatch: the slot, or empty if {@code timeout queue} expired first. */
    synchronized Optional<ConcurrencyLimit.Permit> permit() {
        return Optional.ofNullable(permit);
    }

    private void resumeIfDecided() {
        if (parked == null || !decided) {
            return;
        }
        try {
            parked.dispatch();
        } catch (IllegalStateException gone) {
            // The container already ended the request (the client went away): nobody will use the slot.
            LOG.fine(() -> "a request waiting for a frontend slot ended before it got one: " + gone.getMessage());
            if (permit != null) {
                permit.release();
            }
        }
    }
}
