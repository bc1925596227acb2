package org.lodestar.proxy;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.LockSupport;
import org.lodestar.upstream.ResponseHandler;
import org.lodestar.upstream.ResponseHead;
import org.lodestar.upstream.UpstreamFailure;

/**
 * Where a server's response waits for the thread that forwards the request. The I/O loop drops in what
 * arrives (the head, body bytes, the end or a failure); the forwarding thread {@link #take}s it out and
 * writes it to the client with plain blocking writes.
 *
 * <p>Body bytes are copied out of the loop's read buffer, so that the connection can go on (or back to its
 * pool) at once; past {@link #HIGH_WATER} bytes waiting, the reading pauses until the client has taken them.
 */
final class ResponseMailbox implements ResponseHandler {
    /** Body bytes waiting for the client beyond which the server connection is not read further. */
    static final int HIGH_WATER = 256 * 1024;
    /** Written arrays kept for the next body bytes: enough for a download's bytes in flight. */
    private static final int SPARE_ARRAYS = 8;

    /** Body bytes: {@code length} bytes of {@code bytes}, an array the mailbox may use again once written. */
    record Chunk(byte[] bytes, int length) {
    }

    /** What {@link #take} hands over: each part at most once. */
    record Delivery(boolean connected, ResponseHead head, List<Chunk> body, boolean ended, UpstreamFailure failure) {
        boolean empty() {
            return !connected && head == null && body.isEmpty() && !ended && failure == null;
        }
    }

    private boolean connected;
    private long connectNanos;
    private ResponseHead head;
    private final ArrayDeque<Chunk> body = new ArrayDeque<>();
    /** Arrays whose bytes were written to the client, used again for the next body bytes (downloads). */
    private final ArrayDeque<byte[]> spare = new ArrayDeque<>();
    private int waitingBytes;
    private boolean paused;
    private boolean ended;
    private UpstreamFailure failure;
    private boolean connectedTaken;
    private boolean headTaken;
    private boolean endTaken;
    private boolean failureTaken;
    private long headNanos;
    private Thread waiter;

    // --- the I/O loop's side -----------------------------------------------------------------------------

    @Override
    public void connected(boolean reusedConnection, long nanos) {
        synchronized (this) {
            connected = true;
            connectNanos = nanos;
        }
        signal();
    }

    @Override
    public void head(ResponseHead responseHead) {
        synchronized (this) {
            head = responseHead;
            headNanos = System.nanoTime();
        }
        signal();
    }

    @Override
    public boolean content(ByteBuffer content) {
        int length = content.remaining();
        byte[] array;
        synchronized (this) {
            array = spare.peekFirst() != null && spare.peekFirst().length >= length ? spare.pollFirst() : null;
        }
        if (array == null) {
            array = new byte[length];
        }
        content.get(array, 0, length);
        boolean goOn;
        synchronized (this) {
            body.addLast(new Chunk(array, length));
            waitingBytes += length;
            paused = waitingBytes >= HIGH_WATER;
            goOn = !paused;
        }
        signal();
        return goOn;
    }

    @Override
    public void end() {
        synchronized (this) {
            ended = true;
        }
        signal();
    }

    @Override
    public void failed(UpstreamFailure upstreamFailure) {
        synchronized (this) {
            failure = upstreamFailure;
        }
        signal();
    }

    private void signal() {
        Thread thread;
        synchronized (this) {
            thread = waiter;
        }
        if (thread != null) {
            LockSupport.unpark(thread);
        }
    }

    // --- the forwarding thread's side -------------------------------------------------------------------

    /**
     * What arrived since the last call, waiting up to {@code waitNanos} for something; empty when nothing
     * came in time.
     *
     * @return the delivery, and whether the reading had paused and should now resume ({@link #resumeNeeded})
     */
    Delivery take(long waitNanos) {
        long deadline = System.nanoTime() + waitNanos;
        synchronized (this) {
            waiter = Thread.currentThread();
        }
        try {
            while (true) {
                Delivery delivery = takeNow();
                if (!delivery.empty()) {
                    return delivery;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return delivery;
                }
                LockSupport.parkNanos(this, left);
            }
        } finally {
            synchronized (this) {
                waiter = null;
            }
        }
    }

    private synchronized Delivery takeNow() {
        boolean newConnected = connected && !connectedTaken;
        connectedTaken |= newConnected;
        ResponseHead newHead = head != null && !headTaken ? head : null;
        headTaken |= newHead != null;
        List<Chunk> chunks = body.isEmpty() ? List.of() : new ArrayList<>(body);
        body.clear();
        waitingBytes = 0;
        boolean newEnd = ended && !endTaken && body.isEmpty();
        endTaken |= newEnd;
        UpstreamFailure newFailure = failure != null && !failureTaken ? failure : null;
        failureTaken |= newFailure != null;
        return new Delivery(newConnected, newHead, chunks, newEnd, newFailure);
    }

    /** The chunks of a delivery were written: their arrays may carry the next body bytes. */
    synchronized void written(List<Chunk> chunks) {
        for (Chunk chunk : chunks) {
            if (spare.size() < SPARE_ARRAYS) {
                spare.addLast(chunk.bytes());
            }
        }
    }

    /** Whether something arrived that {@link #take} would hand over now. */
    synchronized boolean pending() {
        return takeNowPeek();
    }

    /** Whether the reading paused for the client and may go on now that the waiting bytes were taken. */
    synchronized boolean resumeNeeded() {
        if (paused && waitingBytes < HIGH_WATER) {
            paused = false;
            return true;
        }
        return false;
    }

    private boolean takeNowPeek() {
        return connected && !connectedTaken || head != null && !headTaken || !body.isEmpty()
                || ended && !endTaken || failure != null && !failureTaken;
    }

    synchronized long connectNanos() {
        return connectNanos;
    }

    synchronized long headNanos() {
        return headNanos;
    }
}
