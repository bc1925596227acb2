package org.lodestar.balance;

/** The outcome of {@link ServerPool#acquireOrQueue}: a server slot, or why there is none. */
public sealed interface Acquisition {

    record Granted(Lease lease) implements Acquisition {
    }

    record Refused(Reason reason) implements Acquisition {
    }

    /** Every refusal is answered with 503; the reason goes to the log and the statistics. */
    enum Reason {
        /** No server is available for this request (all DOWN, in maintenance, drained, weight 0 or excluded). */
        NO_SERVER,
        /** Servers are full and the queue already holds as many requests as their maxqueue allows. */
        QUEUE_FULL,
        /** Servers stayed full for the whole queue timeout. */
        QUEUE_TIMEOUT
    }
}
