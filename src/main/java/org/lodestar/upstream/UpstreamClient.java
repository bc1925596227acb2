package org.lodestar.upstream;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The non-blocking HTTP/1.1 client the proxy forwards with: a few I/O loop threads, and per server address
 * a bounded pool of kept-alive connections. No thread waits for a server: a request is written and the
 * response arrives as callbacks ({@link ResponseHandler}) on the connection's loop, and the proxy slows the
 * reading down when its client reads slowly. A connection that carries bytes no request asked for is never
 * reused ({@link UnsolicitedBytesListener}).
 */
public final class UpstreamClient implements AutoCloseable {
    /** Per connection: a 6 KiB page and its head arrive in one read; downloads are read 32 KiB at a time. */
    private static final int READ_BUFFER_BYTES = 32 * 1024;

    private final Limits limits;
    private final Duration keepAlive;
    private final UnsolicitedBytesListener unsolicited;
    private final List<IoLoop> loops = new ArrayList<>();
    private final Map<String, ConnectionPool> pools = new ConcurrentHashMap<>();
    private final AtomicInteger nextLoop = new AtomicInteger();

    /**
     * @param loops how many I/O threads (each connection stays on one)
     * @param keepAlive how long an idle connection is kept for the next request
     */
    public UpstreamClient(Limits limits, int loops, Duration keepAlive, UnsolicitedBytesListener unsolicited) {
        this.limits = limits;
        this.keepAlive = keepAlive;
        this.unsolicited = unsolicited;
        try {
            for (int i = 0; i < loops; i++) {
                IoLoop loop = new IoLoop("lodestar-upstream-" + (i + 1));
                this.loops.add(loop);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.loops.forEach(IoLoop::start);
    }

    /**
     * Sends {@code request} to {@code target}; the outcome reaches {@code handler}. The returned exchange
     * takes the request body, if it has one, and steers the reading.
     */
    public UpstreamExchange send(Target target, UpstreamRequest request, ResponseHandler handler) {
        ConnectionPool pool = pools.computeIfAbsent(target.address(),
                address -> new ConnectionPool(this, loops.get(Math.floorMod(nextLoop.getAndIncrement(), loops.size())),
                        target.maxConnections()));
        pool.maxConnections(target.maxConnections());
        ServerExchange exchange = new ServerExchange(target, request, handler, pool);
        pool.send(exchange);
        return exchange;
    }

    Limits limits() {
        return limits;
    }

    int readBufferBytes() {
        return READ_BUFFER_BYTES;
    }

    long keepAliveNanos() {
        return keepAlive.toNanos();
    }

    void unsolicited(Object owner, int bytes, boolean idle) {
        if (owner != null) {
            unsolicited.closed(owner, bytes, idle);
        }
    }

    /** Connections open to {@code host:port} now (busy and idle), for tests and statistics. */
    public int openConnections(String host, int port) {
        ConnectionPool pool = pools.get(host + ":" + port);
        return pool == null ? 0 : pool.openCount();
    }

    /** Idle kept-alive connections to {@code host:port} now. */
    public int idleConnections(String host, int port) {
        ConnectionPool pool = pools.get(host + ":" + port);
        return pool == null ? 0 : pool.idleCount();
    }

    /** Closes every connection; exchanges in progress fail. */
    @Override
    public void close() {
        loops.forEach(IoLoop::close);
    }
}
