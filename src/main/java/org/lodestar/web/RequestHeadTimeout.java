package org.lodestar.web;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * HAProxy's {@code timeout http-request} on a listener: a request head (request line and headers) must
 * arrive whole within that time of its first byte, or the client gets HAProxy's 408 and the connection is
 * closed. The listener alone cannot do it: its idle timeout starts again with every byte, so a client
 * trickling a header a byte a second holds the connection for ever.
 *
 * <p>A {@link ConnectorBinding} reports the listener's parser events ({@link #bytesReceived},
 * {@link #headParsed}, {@link #bodyEnded}, {@link #failed}) and does the I/O ({@link Listener}); this class
 * keeps the time, and a watchdog answers connections whose head is overdue. Bytes of a request body do not
 * start a head; a body is bounded by the listener's read timeout instead ({@code timeout client}).
 *
 * @param <C> the connector's connection type
 */
public final class RequestHeadTimeout<C> implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("lodestar.security");
    /** HAProxy's answer, word for word; then the connection is closed. */
    static final byte[] REQUEST_TIMEOUT = rawResponse(408, "Request Time-out",
            "Your browser didn't send a complete request in time.");
    /** How often overdue heads are looked for: a head is cut at most this long after its deadline. */
    static final Duration SCAN_PERIOD = Duration.ofMillis(250);

    /** The connector's side: what a connection is and how to answer and close one. */
    public interface Listener<C> {
        boolean isOpen(C connection);

        /** Writes {@code response} as raw bytes, then closes the connection once they are out. */
        void answerAndClose(C connection, byte[] response);

        /** Stops reporting events (the application is undeployed; the listener outlives it). */
        void stopListening();
    }

    private final Listener<C> listener;
    private final Supplier<Optional<Duration>> limit;
    private final Runnable onTimeout;
    private final LongSupplier nanoClock;
    /** Connections whose head has started and is not parsed yet, with the time of its first byte. */
    private final Map<C, Long> headStarted = new ConcurrentHashMap<>();
    /** Connections reading a request body: their bytes are no head. */
    private final Set<C> inBody = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
        Thread thread = new Thread(task, "lodestar-request-head-timeout");
        thread.setDaemon(true);
        return thread;
    });
    /** The limit in nanoseconds, 0 when the configuration sets none; refreshed by every scan. */
    private volatile long limitNanos;
    private boolean warned;

    public RequestHeadTimeout(Listener<C> listener, Supplier<Optional<Duration>> limit, Runnable onTimeout,
                              LongSupplier nanoClock) {
        this.listener = listener;
        this.limit = limit;
        this.onTimeout = onTimeout;
        this.nanoClock = nanoClock;
        refreshLimit();
    }

    /** Starts the watchdog, once the connector reports events. */
    public void start() {
        long period = SCAN_PERIOD.toMillis();
        watchdog.scheduleWithFixedDelay(this::scan, period, period, TimeUnit.MILLISECONDS);
    }

    public void bytesReceived(C connection) {
        if (limitNanos != 0 && !inBody.contains(connection)) {
            headStarted.putIfAbsent(connection, nanoClock.getAsLong());
        }
    }

    public void headParsed(C connection, boolean bodyFollows) {
        headStarted.remove(connection);
        if (bodyFollows) {
            inBody.add(connection);
        }
    }

    public void bodyEnded(C connection) {
        inBody.remove(connection);
    }

    public void failed(C connection) {
        headStarted.remove(connection);
        inBody.remove(connection);
    }

    /** Answers and closes every connection whose head is overdue; forgets closed ones. */
    void scan() {
        try {
            refreshLimit();
            long now = nanoClock.getAsLong();
            long allowed = limitNanos;
            headStarted.forEach((connection, since) -> {
                if (allowed != 0 && now - since > allowed) {
                    if (headStarted.remove(connection, since)) {
                        LOG.log(Level.FINE, "408 and close: a request head took longer than {0} ms",
                                Duration.ofNanos(allowed).toMillis());
                        listener.answerAndClose(connection, REQUEST_TIMEOUT.clone());
                        onTimeout.run();
                    }
                } else if (allowed == 0 || !listener.isOpen(connection)) {
                    headStarted.remove(connection, since);
                }
            });
            // A connection closed mid-head or mid-body never reports the end of either.
            inBody.removeIf(connection -> !listener.isOpen(connection));
        } catch (RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.log(Level.WARNING, "request head watchdog failed (logged once)", e);
            }
        }
    }

    /** Connections whose head is being timed now. */
    int watched() {
        return headStarted.size();
    }

    /** Stops watching (on undeployment: the listener outlives the application). */
    @Override
    public void close() {
        watchdog.shutdownNow();
        listener.stopListening();
        headStarted.clear();
        inBody.clear();
    }

    private void refreshLimit() {
        limitNanos = limit.get().map(Duration::toNanos).orElse(0L);
    }

    private static byte[] rawResponse(int status, String reason, String sentence) {
        byte[] body = ("<html><body><h1>" + status + " " + reason + "</h1>\n" + Pages.escape(sentence)
                + "\n</body></html>\n").getBytes(StandardCharsets.UTF_8);
        byte[] head = ("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/html; charset=UTF-8\r\n"
                + "Cache-Control: no-cache\r\nConnection: close\r\nContent-Length: " + body.length + "\r\n\r\n")
                .getBytes(StandardCharsets.ISO_8859_1);
        byte[] response = Arrays.copyOf(head, head.length + body.length);
        System.arraycopy(body, 0, response, head.length, body.length);
        return response;
    }
}
