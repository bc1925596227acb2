package org.lodestar.upstream;

import java.io.IOException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Iterator;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One thread that does all reading (and most writing) of the server connections assigned to it, with a
 * selector: connections never block a thread, however slow their server. Other threads hand it work with
 * {@link #execute}. Every {@link #SWEEP_NANOS} it looks for connections past their deadline.
 */
final class IoLoop implements Runnable {
    private static final Logger LOG = Logger.getLogger(IoLoop.class.getName());
    /** How often deadlines are checked: a timeout fires at most this long late. */
    static final long SWEEP_NANOS = TimeUnit.MILLISECONDS.toNanos(50);

    private final Selector selector;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Set while the loop may be blocked in select, so that {@link #execute} wakes it once. */
    private final AtomicBoolean wakeupNeeded = new AtomicBoolean();
    private final Thread thread;
    private volatile boolean closed;
    private long nextSweep;

    IoLoop(String name) throws IOException {
        this.selector = Selector.open();
        this.thread = new Thread(this, name);
        thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    Selector selector() {
        return selector;
    }

    boolean inLoop() {
        return Thread.currentThread() == thread;
    }

    /** Runs {@code task} on the loop thread, soon; at once when called from it. */
    void execute(Runnable task) {
        if (inLoop()) {
            task.run();
            return;
        }
        tasks.add(task);
        if (wakeupNeeded.compareAndSet(true, false)) {
            selector.wakeup();
        }
    }

    @Override
    public void run() {
        nextSweep = System.nanoTime() + SWEEP_NANOS;
        while (!closed) {
            try {
                runTasks();
                long wait = Math.max(1, TimeUnit.NANOSECONDS.toMillis(nextSweep - System.nanoTime()));
                wakeupNeeded.set(true);
                int ready = tasks.isEmpty() ? selector.select(wait) : selector.selectNow();
                wakeupNeeded.set(false);
                if (ready > 0) {
                    handleReady();
                }
                long now = System.nanoTime();
                if (now - nextSweep >= 0) {
                    sweep(now);
                    nextSweep = now + SWEEP_NANOS;
                }
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.WARNING, "upstream I/O loop: unexpected failure (it goes on)", e);
            }
        }
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof ServerConnection connection) {
                connection.shutdown("Lodestar is stopping");
            }
        }
        try {
            selector.close();
        } catch (IOException ignored) {
            // stopping anyway
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "upstream I/O loop: a task failed", e);
            }
        }
    }

    private void handleReady() {
        Iterator<SelectionKey> selected = selector.selectedKeys().iterator();
        while (selected.hasNext()) {
            SelectionKey key = selected.next();
            selected.remove();
            if (key.attachment() instanceof ServerConnection connection) {
                try {
                    connection.ready(key);
                } catch (RuntimeException e) {
                    LOG.log(Level.WARNING, "upstream connection failed unexpectedly", e);
                    connection.shutdown("internal error: " + e);
                }
            }
        }
    }

    private void sweep(long now) {
        for (SelectionKey key : selector.keys()) {
            if (key.attachment() instanceof ServerConnection connection) {
                connection.checkDeadline(now);
            }
        }
    }

    void close() {
        closed = true;
        selector.wakeup();
    }
}
