package org.lodestar.proxy;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.logging.Logger;

/**
 * What is done about a server connection closed because bytes arrived on it that no request asked for
 * ({@link UpstreamConnectionPool}): it counts as a response error ({@code eresp}) of the server that sent
 * them and of its backend, and a WARNING names that server, at most once a minute per server so that a
 * misbehaving server cannot flood the log.
 */
final class UnsolicitedBytes {
    private static final Logger LOG = Logger.getLogger(LodestarProxyServlet.class.getName());
    static final Duration WARNING_INTERVAL = Duration.ofMinutes(1);

    /** When the bytes were found. */
    enum When {
        AFTER_ITS_ANSWER("after its answer"),
        WHILE_IDLE("on a kept-alive connection while it was idle");

        private final String text;

        When(String text) {
            this.text = text;
        }
    }

    private final WarningThrottle throttle;

    UnsolicitedBytes(LongSupplier nanoClock) {
        this.throttle = new WarningThrottle(WARNING_INTERVAL, nanoClock);
    }

    void report(UpstreamConnection.LastUse use, int bytes, When when) {
        if (use == null) {
            return; // never carried an exchange: nothing to blame
        }
        use.serverCounters().responseError();
        use.backendCounters().responseError();
        String server = use.backend() + "/" + use.server();
        throttle.permit(server).ifPresent(suppressed -> LOG.warning("server " + server + " sent " + bytes
                + " byte(s) that no request asked for, " + when.text + "; the connection was closed, not reused"
                + (suppressed > 0 ? " (" + suppressed + " more such connection(s) since the last warning)" : "")));
    }
}
