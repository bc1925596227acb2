package org.lodestar.web;

import jakarta.servlet.ServletResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * What Lodestar needs of the server's HTTP connector beyond the servlet API, for one kind of connector.
 * Implementations are compiled against that connector's API in a source set of their own
 * ({@code src/main/grizzly} for Payara's Grizzly) and found with {@link java.util.ServiceLoader} by
 * {@link Connectors}; on a server whose connector has none, each protection falls back as
 * {@link ConnectorProtections} says.
 */
public interface ConnectorBinding {
    /** The connector, as the log and the dashboard name it (e.g. {@code Grizzly}). */
    String name();

    /** The client connection under {@code response} (unwrapped), or null when it is not this connector's. */
    ClientConnection connectionOf(ServletResponse response);

    /**
     * Starts enforcing {@code timeout http-request} ({@link RequestHeadTimeout}) on the listener that
     * {@code connection} came in on; empty when that listener cannot be watched. Closing the result stops it.
     *
     * @param limit the current limit, read again on every scan (a reload may change it); empty: none
     * @param onTimeout runs once for every connection answered 408
     */
    Optional<AutoCloseable> enforceHeadTimeout(ClientConnection connection, Supplier<Optional<Duration>> limit,
                                               Runnable onTimeout);
}
