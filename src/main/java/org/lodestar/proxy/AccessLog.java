package org.lodestar.proxy;

import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The access log, written by one thread of its own. JUL handlers publish under a lock (the console
 * handler, the server's log file): when every request thread logged its own line, the profile showed
 * request threads queued on that lock for 38 ms on average under load, which was most of the proxy's
 * added p99. Request threads now only hand over the finished entry; the writer formats and logs it.
 *
 * <p>Bounded, like HAProxy's log buffer: when the writer is {@link #CAPACITY} lines behind, further lines
 * are dropped and the count is logged once the writer catches up, so a slow log never slows the traffic
 * nor fills the heap.
 */
final class AccessLog implements AutoCloseable {
    /** Lines the writer may fall behind before lines are dropped (a few seconds of heavy traffic). */
    static final int CAPACITY = 16_384;
    private static final Logger LOG = Logger.getLogger(AccessLog.class.getName());

    private record Line(AccessLogFormat format, AccessLogEntry entry) {
    }

    private final Logger target;
    private final BlockingQueue<Line> queue = new ArrayBlockingQueue<>(CAPACITY);
    private final AtomicLong dropped = new AtomicLong();
    private final Thread writer;
    private volatile boolean open = true;

    AccessLog(Logger target) {
        this.target = target;
        this.writer = new Thread(this::drain, "lodestar-access-log");
        writer.setDaemon(true);
        writer.start();
    }

    /** Whether a line would be written at all; when not, the caller skips building the entry. */
    boolean enabled() {
        return open && target.isLoggable(Level.INFO);
    }

    void log(AccessLogFormat format, AccessLogEntry entry) {
        if (!queue.offer(new Line(format, entry))) {
            dropped.incrementAndGet();
        }
    }

    private void drain() {
        while (open || !queue.isEmpty()) {
            try {
                Line line = queue.poll(1, TimeUnit.SECONDS);
                if (line != null) {
                    target.info(line.format().format(line.entry()));
                }
                long lost = dropped.getAndSet(0);
                if (lost > 0) {
                    LOG.warning(lost + " access log line(s) dropped: the log could not keep up with the traffic");
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "access log line not written", e);
            }
        }
    }

    /** Writes what is queued (bounded wait), then stops the writer. */
    @Override
    public void close() {
        open = false;
        try {
            writer.join(TimeUnit.SECONDS.toMillis(5));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        writer.interrupt();
    }
}
