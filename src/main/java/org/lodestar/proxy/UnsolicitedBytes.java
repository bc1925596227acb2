package org.lodestar.proxy;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.logging.Logger;
import org.lodestar.stats.TrafficCounters;
import org.lodestar.upstream.UnsolicitedBytesListener;

/**
 * What is done about a server connection closed because bytes arrived on it that no request asked for
 * (the upstream client never reuses such a connection): it counts as a response error ({@code eresp}) of
 * the server that sent them and of its backend, and a WARNING names that server, at most once a minute per
 * server so that a misbehaving server cannot flood the log.
 */
final class UnsolicitedBytes implements UnsolicitedBytesListener {
    private static final Logger LOG = Logger.getLogger(LodestarProxyServlet.class.getName());
    static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

    /** The server of the last exchange on a connection, and the counters to charge. */
    record Blame(String backend, String server, TrafficCounters serverCounters, TrafficCounters backendCounters) {
    }

    private final WarningThrottle throttle;

    UnsolicitedBytes(LongSupplier nanoClock) {
        this.throttle = new WarningThrottle(WARNING_INTERVAL, nanoClock);
    }

    @Override
    public void closed(Object owner, int bytes, boolean idle) {
        if (!(owner instanceof Blame blame)) {
            return;
        }
        blame.serverCounters().responseError();
        blame.backendCounters().responseError();
        String server = blame.backend() + "/" + blame.server();
        String when = idle ? "on a kept-alive connection while it was idle" : "after its answer";
        throttle.permit(server).ifPresent(suppressed -> LOG.warning("server " + server + " sent " + bytes
                + " byte(s) that no request asked for, " + when + "; the connection was closed, not reused"
                + (suppressed > 0 ? " (" + suppressed + " more such connection(s) since the last warning)" : "")));
    }
}
