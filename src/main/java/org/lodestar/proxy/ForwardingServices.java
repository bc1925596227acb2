package org.lodestar.proxy;

import java.util.concurrent.ScheduledExecutorService;
import org.lodestar.upstream.UpstreamClient;

/** What every {@link Forwarding} shares: the servlet provides it. */
interface ForwardingServices {
    UpstreamClient client();

    /** Ends waits: {@code timeout queue}, a retry's pause. */
    ScheduledExecutorService timer();

    /** Who an exchange is for, should its server later send bytes nobody asked for. */
    Object owner(Exchange exchange);

    /** The request ended with {@code status} (0: no response): count it and log it. */
    void ended(Exchange exchange, int status);
}
