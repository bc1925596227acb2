package org.lodestar.upstream;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.StandardSocketOptions;
import java.net.UnknownHostException;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedChannelException;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * One connection to a server, carrying one exchange at a time and kept alive between them. Its I/O loop
 * reads it (also while it is idle, so that bytes no request asked for, or the server closing it, are seen
 * at once) and writes what could not be written at once; a request on a kept-alive connection is written
 * directly by the thread that sends it, which costs no hand-over to the loop.
 *
 * <p>A connection goes back to its pool only when its response was read to its end, the whole request was
 * written, the server allows keep-alive and no byte follows the response; otherwise it is closed.
 */
final class ServerConnection {
    private enum State { CONNECTING, BUSY, IDLE, CLOSED }

    private enum Deadline { NONE, CONNECT, SEND, HEAD, BODY }

    /** Reads per readiness event before the loop turns to other connections. */
    private static final int READS_PER_EVENT = 4;

    private record Write(ByteBuffer bytes, Runnable written) {
    }

    private final ConnectionPool pool;
    private final IoLoop loop;
    private final SocketChannel channel;
    private final ResponseParser parser;
    /** Loop thread only. */
    private final ByteBuffer in;
    private final ByteBuffer probe = ByteBuffer.allocate(1);
    private final Deque<Write> writes = new ArrayDeque<>();
    private final long connectStart = System.nanoTime();
    private SelectionKey key;
    private State state;
    private volatile ServerExchange exchange;
    private Object lastOwner;
    private boolean reused;
    private boolean paused;
    private boolean counted = true;
    /** What {@link #lease} found on the connection: 0 nothing, -1 closed by the server, else unasked bytes. */
    private int unasked;
    private volatile long idleSince;
    private volatile long deadlineAt;
    private volatile Deadline deadline = Deadline.NONE;

    private ServerConnection(ConnectionPool pool, SocketChannel channel, ServerExchange first) {
        this.pool = pool;
        this.loop = pool.loop();
        this.channel = channel;
        this.parser = new ResponseParser(pool.client().limits());
        this.in = ByteBuffer.allocate(pool.client().readBufferBytes());
        this.state = State.CONNECTING;
        this.exchange = first;
        first.carriedBy(this);
    }

    IoLoop loop() {
        return loop;
    }

    /** Opens a connection for {@code first}; failures are told to it. Any thread. */
    static void open(ConnectionPool pool, Target target, ServerExchange first) {
        SocketChannel channel;
        try {
            channel = SocketChannel.open();
            channel.configureBlocking(false);
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
        } catch (IOException e) {
            pool.closed(null);
            pool.loop().execute(() -> first.fail(new UpstreamFailure.ConnectFailed(
                    UpstreamFailure.ConnectFailed.Reason.OTHER, "cannot open a socket: " + e.getMessage())));
            return;
        }
        ServerConnection connection = new ServerConnection(pool, channel, first);
        connection.setDeadline(Deadline.CONNECT, first.request().connectTimeout());
        boolean connected;
        try {
            connected = channel.connect(new InetSocketAddress(target.host(), target.port()));
        } catch (IOException | java.nio.channels.UnresolvedAddressException e) {
            connection.loop.execute(() -> connection.connectFailed(e));
            return;
        }
        connection.loop.execute(() -> connection.register(connected));
    }

    // --- loop thread -------------------------------------------------------------------------------------

    private void register(boolean connected) {
        try {
            key = channel.register(loop.selector(), connected ? SelectionKey.OP_READ : SelectionKey.OP_CONNECT, this);
        } catch (ClosedChannelException e) {
            connectFailed(e);
            return;
        }
        if (connected) {
            connectComplete();
        }
    }

    void ready(SelectionKey readyKey) {
        if (readyKey.isConnectable()) {
            try {
                channel.finishConnect();
            } catch (IOException e) {
                connectFailed(e);
                return;
            }
            readyKey.interestOps(SelectionKey.OP_READ);
            connectComplete();
            return;
        }
        if (readyKey.isValid() && readyKey.isWritable()) {
            flushWrites();
        }
        if (readyKey.isValid() && readyKey.isReadable()) {
            readable();
        }
    }

    private void connectComplete() {
        ServerExchange first = exchange;
        synchronized (this) {
            state = State.BUSY;
        }
        if (first.aborted()) {
            abort(first, "aborted while connecting");
            return;
        }
        parser.expect(first.request().head(), first);
        first.handler().connected(false, System.nanoTime() - connectStart);
        startRequest(first);
    }

    private void connectFailed(Exception e) {
        ServerExchange first = exchange;
        close();
        UpstreamFailure.ConnectFailed.Reason reason = e instanceof ConnectException
                ? UpstreamFailure.ConnectFailed.Reason.REFUSED : UpstreamFailure.ConnectFailed.Reason.OTHER;
        String message = e instanceof ConnectException ? "connection refused"
                : e instanceof UnknownHostException || e instanceof java.nio.channels.UnresolvedAddressException
                ? "unknown host" : e instanceof NoRouteToHostException ? "no route to host" : String.valueOf(e.getMessage());
        if (first != null) {
            first.fail(new UpstreamFailure.ConnectFailed(reason, message));
        }
    }

    /** Writes the request head on the loop (a new connection, or one with a body to follow). */
    private void startRequest(ServerExchange current) {
        if (!current.request().hasBody()) {
            setDeadline(Deadline.HEAD, current.request().serverTimeout());
            queueWrite(current.head().duplicate(), null);
            requestWritten(current);
        } else {
            setDeadline(Deadline.SEND, current.request().serverTimeout());
            queueWrite(current.head().duplicate(), null);
            current.headQueued();
        }
    }

    /** Queues bytes after what is pending and writes what the socket takes. */
    void queueWrite(ByteBuffer bytes, Runnable written) {
        if (state == State.CLOSED) {
            if (written != null) {
                written.run();
            }
            return;
        }
        writes.addLast(new Write(bytes, written));
        flushWrites();
    }

    private void flushWrites() {
        Write next;
        while ((next = writes.peekFirst()) != null) {
            try {
                channel.write(next.bytes());
            } catch (IOException e) {
                broken("the server closed the connection while the request was sent (" + e.getMessage() + ")");
                return;
            }
            if (next.bytes().hasRemaining()) {
                if (key != null && key.isValid()) {
                    key.interestOps(key.interestOps() | SelectionKey.OP_WRITE);
                }
                return;
            }
            writes.pollFirst();
            if (next.written() != null) {
                next.written().run();
            }
            if (deadline == Deadline.SEND) {
                setDeadline(Deadline.SEND, exchange.request().serverTimeout());
            }
        }
        if (key != null && key.isValid() && (key.interestOps() & SelectionKey.OP_WRITE) != 0) {
            key.interestOps(key.interestOps() & ~SelectionKey.OP_WRITE);
        }
        ServerExchange current = exchange;
        if (current != null && current.requestComplete() && deadline == Deadline.SEND) {
            setDeadline(Deadline.HEAD, current.request().serverTimeout());
        }
    }

    /** The whole request is queued: once written, the response head is awaited. */
    void requestWritten(ServerExchange current) {
        if (current != exchange) {
            return;
        }
        current.requestComplete(true);
        if (writes.isEmpty() && deadline == Deadline.SEND) {
            setDeadline(Deadline.HEAD, current.request().serverTimeout());
        }
    }

    private void readable() {
        boolean wasIdle;
        synchronized (this) {
            wasIdle = state == State.IDLE;
            if (wasIdle) {
                state = State.CLOSED;
            } else if (state != State.BUSY) {
                return;
            }
        }
        if (wasIdle) {
            idleBytes();
            return;
        }
        ServerExchange current = exchange;
        if (current == null || paused) {
            return;
        }
        for (int reads = 0; reads < READS_PER_EVENT; reads++) {
            int n;
            try {
                n = channel.read(in);
            } catch (IOException e) {
                ended(current, "connection reset by the server");
                return;
            }
            if (n < 0) {
                ended(current, null);
                return;
            }
            if (n == 0) {
                return;
            }
            if (current.headDelivered() || deadline == Deadline.BODY) {
                setDeadline(Deadline.BODY, current.request().serverTimeout());
            }
            if (!parse(current)) {
                return;
            }
        }
    }

    /** Parses what {@link #in} holds; false when the exchange paused, ended or failed. */
    private boolean parse(ServerExchange current) {
        in.flip();
        ResponseParser.Progress progress;
        try {
            progress = parser.parse(in);
        } catch (InvalidResponse e) {
            in.clear();
            boolean delivered = current.headDelivered();
            close();
            current.fail(new UpstreamFailure.Invalid(e.getMessage(), delivered));
            return false;
        }
        int leftover = in.remaining();
        in.compact();
        switch (progress) {
            case PAUSED -> {
                paused = true;
                setDeadline(Deadline.NONE, null); // the client is slow, not the server
                if (key != null && key.isValid()) {
                    key.interestOps(key.interestOps() & ~SelectionKey.OP_READ);
                }
                return false;
            }
            case DONE -> {
                completed(current, leftover);
                return false;
            }
            default -> {
                if (deadline == Deadline.HEAD && current.headDelivered()) {
                    setDeadline(Deadline.BODY, current.request().serverTimeout());
                }
                return true;
            }
        }
    }

    /** The response is read to its end: the connection goes back, or is closed. */
    private void completed(ServerExchange current, int leftover) {
        lastOwner = current.request().owner();
        exchange = null;
        setDeadline(Deadline.NONE, null);
        if (leftover > 0) {
            in.clear();
            pool.client().unsolicited(lastOwner, leftover, false);
            close();
            return;
        }
        if (!parser.reusable() || !current.requestComplete() || !writes.isEmpty() || current.aborted()) {
            close();
            return;
        }
        reused = true;
        pool.release(this);
    }

    /** The server closed the connection (or reset it: {@code reset} says so) while it carried an exchange. */
    private void ended(ServerExchange current, String reset) {
        boolean started = parser.started();
        boolean headRead = current.headDelivered();
        try {
            if (reset != null) {
                throw new InvalidResponse(reset);
            }
            parser.closed();
        } catch (InvalidResponse e) {
            close();
            UpstreamFailure failure;
            if (!started) {
                failure = new UpstreamFailure.NoResponse(reused, current.bodyStarted(),
                        (reused ? "kept-alive " : "") + "connection closed by the server before it answered");
            } else if (!headRead) {
                failure = new UpstreamFailure.Invalid(e.getMessage(), false);
            } else {
                failure = new UpstreamFailure.Cut(e.getMessage());
            }
            current.fail(failure);
            return;
        }
        close(); // a body delimited by the close: complete
    }

    /** Bytes (or the server's close) on an idle connection: it is closed, and unasked bytes reported. */
    private void idleBytes() {
        int n;
        try {
            n = channel.read(in);
        } catch (IOException e) {
            n = -1;
        }
        in.clear();
        if (n > 0) {
            pool.client().unsolicited(lastOwner, n, true);
        }
        close();
    }

    void resume(ServerExchange current) {
        if (current != exchange || !paused || state == State.CLOSED) {
            return;
        }
        paused = false;
        setDeadline(Deadline.BODY, current.request().serverTimeout());
        if (key != null && key.isValid()) {
            key.interestOps(key.interestOps() | SelectionKey.OP_READ);
        }
        if (in.position() > 0 && parse(current)) {
            readable();
        }
    }

    void abort(ServerExchange current, String why) {
        if (current != exchange) {
            return;
        }
        close();
        current.fail(new UpstreamFailure.Aborted(why));
    }

    /** Loop thread: past its deadline, the exchange fails and the connection closes; idle ones age out. */
    void checkDeadline(long now) {
        Deadline kind = deadline;
        if (kind == Deadline.NONE) {
            if (state == State.IDLE && now - idleSince > pool.client().keepAliveNanos() && retire()) {
                pool.closed(this);
                closeChannel();
            }
            return;
        }
        if (now - deadlineAt < 0) {
            return;
        }
        ServerExchange current = exchange;
        close();
        if (current == null) {
            return;
        }
        long connect = current.request().connectTimeout().toMillis();
        long server = current.request().serverTimeout().toMillis();
        current.fail(switch (kind) {
            case CONNECT -> new UpstreamFailure.ConnectFailed(UpstreamFailure.ConnectFailed.Reason.TIMEOUT,
                    "no connection within timeout connect (" + connect + " ms)");
            case HEAD -> new UpstreamFailure.HeadTimeout("no complete response head within timeout server ("
                    + server + " ms)");
            case SEND -> new UpstreamFailure.BodyTimeout("the server took no request bytes for longer than"
                    + " timeout server (" + server + " ms)");
            default -> new UpstreamFailure.BodyTimeout("stalled longer than timeout server (" + server + " ms)");
        });
    }

    /** The connection broke while writing: the exchange fails as the parser's state says. */
    private void broken(String message) {
        ServerExchange current = exchange;
        if (current == null) {
            close();
            return;
        }
        ended(current, message);
    }

    /** Stops (Lodestar is stopping): the exchange, if any, fails. */
    void shutdown(String reason) {
        ServerExchange current = exchange;
        close();
        if (current != null && reason != null) {
            current.fail(new UpstreamFailure.Aborted(reason));
        }
    }

    // --- any thread ---------------------------------------------------------------------------------------

    /**
     * Takes this idle connection for {@code next}; false when it is not idle any more, or bytes no request
     * asked for wait on it, or the server closed it: then the caller must {@link #discard} it.
     */
    boolean lease(ServerExchange next) {
        synchronized (this) {
            if (state != State.IDLE) {
                return false;
            }
            probe.clear();
            try {
                unasked = channel.read(probe);
            } catch (IOException e) {
                unasked = -1;
            }
            if (unasked == 0) {
                state = State.BUSY;
                exchange = next;
                next.carriedBy(this);
                return true;
            }
            state = State.CLOSED;
            return false;
        }
    }

    /** Closes a connection {@link #lease} refused, reporting the unasked bytes it found; on its loop. */
    void discard() {
        loop.execute(() -> {
            if (unasked > 0) {
                pool.client().unsolicited(lastOwner, unasked, true);
            }
            close();
        });
    }

    /**
     * Sends the request of the exchange just leased: written here and now, on the caller's thread, when it
     * has no body; else by the loop.
     */
    void sendLeased(ServerExchange next) {
        parserExpects(next);
        next.handler().connected(true, 0);
        if (next.request().hasBody()) {
            loop.execute(() -> startRequest(next));
            return;
        }
        setDeadline(Deadline.HEAD, next.request().serverTimeout());
        ByteBuffer head = next.head().duplicate();
        try {
            channel.write(head);
        } catch (IOException e) {
            loop.execute(() -> ended(next, "the server closed the kept-alive connection (" + e.getMessage() + ")"));
            return;
        }
        if (head.hasRemaining()) {
            loop.execute(() -> {
                queueWrite(head, null);
                requestWritten(next);
            });
        } else {
            next.requestComplete(true);
        }
    }

    private void parserExpects(ServerExchange next) {
        parser.expect(next.request().head(), next);
    }

    synchronized void idle() {
        state = State.IDLE;
        idleSince = System.nanoTime();
    }

    long idleSince() {
        return idleSince;
    }

    /** Takes an idle connection out of use so it can be closed; false when it was leased meanwhile. */
    synchronized boolean retire() {
        if (state != State.IDLE) {
            return false;
        }
        state = State.CLOSED;
        return true;
    }

    /** Whether this connection still counts in its pool's open connections; true once only. */
    synchronized boolean uncount() {
        boolean was = counted;
        counted = false;
        return was;
    }

    private void setDeadline(Deadline kind, Duration after) {
        deadlineAt = after == null ? 0 : System.nanoTime() + after.toNanos();
        deadline = kind;
    }

    private void close() {
        synchronized (this) {
            state = State.CLOSED;
        }
        closeChannel();
        pool.closed(this);
    }

    private void closeChannel() {
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException ignored) {
            // closed either way
        }
        for (Write pending : writes) {
            if (pending.written() != null) {
                pending.written().run();
            }
        }
        writes.clear();
    }
}
