package org.lodestar.web;

import java.lang.reflect.Array;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
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
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * HAProxy's {@code timeout http-request} on Payara's listener: a request head (request line and headers)
 * must arrive whole within that time of its first byte, or the client gets HAProxy's 408 and the connection
 * is closed. The listener alone cannot do it: its idle timeout starts again with every byte, so a client
 * trickling a header a byte a second holds the connection for ever.
 *
 * <p>Grizzly's HTTP parser reports to probes when bytes arrive, when a head is parsed and when a body's
 * last chunk is; this class listens as such a probe (a proxy of Grizzly's {@code HttpProbe}, which the
 * application cannot compile against) and a watchdog answers and closes connections whose head is overdue. Bytes of a
 * request body do not start a head; a body is bounded by the listener's read timeout instead
 * ({@code timeout client}). On a container without Grizzly, {@link #install} does nothing.
 */
final class RequestHeadTimeout implements AutoCloseable {
    private static final Logger LOG = Logger.getLogger("lodestar.security");
    private static final String CODEC = "org.glassfish.grizzly.http.HttpServerFilter";
    private static final String PROBE = "org.glassfish.grizzly.http.HttpProbe";
    private static final String BUFFERS = "org.glassfish.grizzly.memory.Buffers";
    private static final String MEMORY_MANAGER = "org.glassfish.grizzly.memory.MemoryManager";
    /** HAProxy's answer, word for word; then the connection is closed. */
    private static final byte[] REQUEST_TIMEOUT = rawResponse(408, "Request Time-out",
            "Your browser didn't send a complete request in time.");
    /** How often overdue heads are looked for: a head is cut at most this long after its deadline. */
    static final Duration SCAN_PERIOD = Duration.ofMillis(250);

    private static final CachedGetter PROCESSOR = new CachedGetter("getProcessor");
    private static final CachedGetter MONITORING_CONFIG = new CachedGetter("getMonitoringConfig");
    private static final CachedGetter EXPECT_CONTENT = new CachedGetter("isExpectContent");
    private static final CachedGetter IS_LAST = new CachedGetter("isLast");
    private static final CachedGetter IS_OPEN = new CachedGetter("isOpen");
    private static final CachedGetter CLOSE_SILENTLY = new CachedGetter("closeSilently");
    private static final CachedGetter MEMORY_MANAGER_OF = new CachedGetter("getMemoryManager");

    private final Supplier<Optional<Duration>> limit;
    private final Runnable onTimeout;
    private final Object monitoringConfig;
    /** Grizzly's {@code Buffers.wrap(MemoryManager, byte[])}, to write the 408 on the connection. */
    private final Method wrap;
    private final Object probes;
    /** Connections whose head has started and is not parsed yet, with the {@link System#nanoTime} of its first byte. */
    private final Map<Object, Long> headStarted = new ConcurrentHashMap<>();
    /** Connections reading a request body: their bytes are no head. */
    private final Set<Object> inBody = ConcurrentHashMap.newKeySet();
    private final ScheduledExecutorService watchdog;
    /** The limit in nanoseconds, 0 when the configuration sets none; refreshed by the watchdog. */
    private volatile long limitNanos;
    private boolean warned;

    private RequestHeadTimeout(Supplier<Optional<Duration>> limit, Runnable onTimeout, Object monitoringConfig,
                               Class<?> probeType, Method wrap) {
        this.limit = limit;
        this.onTimeout = onTimeout;
        this.monitoringConfig = monitoringConfig;
        this.wrap = wrap;
        this.probes = Array.newInstance(probeType, 1);
        Array.set(probes, 0, Proxy.newProxyInstance(probeType.getClassLoader(), new Class<?>[] {probeType},
                new ProbeEvents()));
        refreshLimit();
        this.watchdog = Executors.newSingleThreadScheduledExecutor(task -> {
            Thread thread = new Thread(task, "lodestar-request-head-timeout");
            thread.setDaemon(true);
            return thread;
        });
    }

    /**
     * Watches the listener that {@code connection} (Grizzly's, under a request) belongs to; empty when that
     * is not a Grizzly connection whose filter chain has Grizzly's HTTP parser. {@code onTimeout} runs once
     * for each connection answered 408.
     */
    static Optional<RequestHeadTimeout> install(Object connection, Supplier<Optional<Duration>> limit,
                                                Runnable onTimeout) {
        if (connection == null) {
            return Optional.empty();
        }
        try {
            Object chain = PROCESSOR.call(connection);
            if (!(chain instanceof Iterable<?> filters)) {
                return Optional.empty();
            }
            for (Object filter : filters) {
                if (isCodec(filter.getClass())) {
                    Object monitoringConfig = MONITORING_CONFIG.call(filter);
                    ClassLoader grizzly = filter.getClass().getClassLoader();
                    Class<?> probeType = Class.forName(PROBE, false, grizzly);
                    Method wrap = Class.forName(BUFFERS, false, grizzly)
                            .getMethod("wrap", Class.forName(MEMORY_MANAGER, false, grizzly), byte[].class);
                    RequestHeadTimeout timeout =
                            new RequestHeadTimeout(limit, onTimeout, monitoringConfig, probeType, wrap);
                    timeout.start();
                    return Optional.of(timeout);
                }
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "no access to the listener's HTTP parser", e);
        }
        return Optional.empty();
    }

    private static boolean isCodec(Class<?> type) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            if (c.getName().equals(CODEC)) {
                return true;
            }
        }
        return false;
    }

    private void start() throws ReflectiveOperationException {
        Method addProbes = monitoringConfig.getClass().getMethod("addProbes", Object[].class);
        addProbes.invoke(monitoringConfig, new Object[] {probes});
        long period = SCAN_PERIOD.toMillis();
        watchdog.scheduleWithFixedDelay(this::scan, period, period, TimeUnit.MILLISECONDS);
    }

    /** Stops watching (on undeployment: the listener outlives the application). */
    @Override
    public void close() {
        watchdog.shutdownNow();
        try {
            Method removeProbes = monitoringConfig.getClass().getMethod("removeProbes", Object[].class);
            removeProbes.invoke(monitoringConfig, new Object[] {probes});
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "could not remove the request head probe", e);
        }
        headStarted.clear();
        inBody.clear();
    }

    private void refreshLimit() {
        limitNanos = limit.get().map(Duration::toNanos).orElse(0L);
    }

    private void scan() {
        try {
            refreshLimit();
            long now = System.nanoTime();
            long allowed = limitNanos;
            headStarted.forEach((connection, since) -> {
                if (allowed != 0 && now - since > allowed) {
                    if (headStarted.remove(connection, since)) {
                        LOG.log(Level.FINE, "408 and close: a request head took longer than {0} ms",
                                Duration.ofNanos(allowed).toMillis());
                        answerRequestTimeout(connection);
                    }
                } else if (allowed == 0 || !isOpen(connection)) {
                    headStarted.remove(connection, since);
                }
            });
            // A connection closed mid-head or mid-body never reports the end of either.
            inBody.removeIf(connection -> !isOpen(connection));
        } catch (RuntimeException e) {
            if (!warned) {
                warned = true;
                LOG.log(Level.WARNING, "request head watchdog failed (logged once)", e);
            }
        }
    }

    /**
     * Writes the 408 and closes: Grizzly's close lets queued writes go out first. The bytes pass the HTTP
     * filters untouched (they encode only HTTP packets), as the head they answer was never parsed.
     */
    private void answerRequestTimeout(Object connection) {
        try {
            Object buffer = wrap.invoke(null, MEMORY_MANAGER_OF.call(connection), REQUEST_TIMEOUT.clone());
            connection.getClass().getMethod("write", Object.class).invoke(connection, buffer);
            onTimeout.run();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "could not write the 408", e);
        }
        closeSilently(connection);
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

    private void dataReceived(Object connection) {
        if (limitNanos != 0 && !inBody.contains(connection)) {
            headStarted.putIfAbsent(connection, System.nanoTime());
        }
    }

    private void headParsed(Object connection, Object header) {
        headStarted.remove(connection);
        if (Boolean.TRUE.equals(quietly(header, EXPECT_CONTENT))) {
            inBody.add(connection);
        }
    }

    private void bodyChunkParsed(Object connection, Object content) {
        if (Boolean.TRUE.equals(quietly(content, IS_LAST))) {
            inBody.remove(connection);
        }
    }

    /** Grizzly's probe callbacks; every other one is ignored. */
    private final class ProbeEvents implements InvocationHandler {
        @Override
        public Object invoke(Object proxy, Method method, Object[] args) {
            switch (method.getName()) {
                case "onDataReceivedEvent" -> dataReceived(args[0]);
                case "onHeaderParseEvent" -> headParsed(args[0], args[1]);
                case "onContentChunkParseEvent" -> bodyChunkParsed(args[0], args[1]);
                case "onErrorEvent" -> {
                    headStarted.remove(args[0]);
                    inBody.remove(args[0]);
                }
                case "equals" -> {
                    return proxy == args[0];
                }
                case "hashCode" -> {
                    return System.identityHashCode(proxy);
                }
                case "toString" -> {
                    return "Lodestar timeout http-request";
                }
                default -> {
                    // not needed
                }
            }
            return null;
        }
    }

    private static boolean isOpen(Object connection) {
        return !Boolean.FALSE.equals(quietly(connection, IS_OPEN));
    }

    private static void closeSilently(Object connection) {
        quietly(connection, CLOSE_SILENTLY);
    }

    private static Object quietly(Object target, CachedGetter getter) {
        try {
            return getter.call(target);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "Grizzly call failed", e);
            return null;
        }
    }
}
