package org.lodestar.it;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A backend on a raw loopback socket that records exactly the bytes each connection brought (so a
 * smuggled second request would show), and answers as the test's {@link Reply} says: well, badly or
 * not at all. One request per connection, unless made {@link #keepingAlive}: then each connection is read
 * for further requests after every answer, as a kept-alive server does, until the proxy closes it.
 */
public final class RawBackend implements AutoCloseable {
    /** Writes the answer to one request; the connection is closed after it returns. */
    @FunctionalInterface
    public interface Reply {
        void answer(String request, Socket connection, OutputStream out) throws IOException, InterruptedException;
    }

    /** A complete, ordinary answer. */
    public static final Reply OK = (request, connection, out) -> write(out,
            "HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok");

    private final ServerSocket socket;
    private final ExecutorService workers = Executors.newCachedThreadPool();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger connections = new AtomicInteger();
    private volatile Reply reply;
    private final boolean keepAlive;
    private final boolean readsChunkedBodies;

    public RawBackend(Reply reply) throws IOException {
        this(reply, false, true);
    }

    private RawBackend(Reply reply, boolean keepAlive, boolean readsChunkedBodies) throws IOException {
        this.reply = reply;
        this.keepAlive = keepAlive;
        this.readsChunkedBodies = readsChunkedBodies;
        socket = new ServerSocket(0, 512, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(this::accept, "raw-backend-" + socket.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    /** A backend that reads the next request on a connection after each answer, until the proxy closes it. */
    public static RawBackend keepingAlive(Reply reply) throws IOException {
        return new RawBackend(reply, true, true);
    }

    /**
     * A kept-alive backend that knows only {@code Content-Length} bodies, as many small and legacy servers
     * do: it reads a chunked body's lines as requests of their own.
     */
    public static RawBackend contentLengthOnly(Reply reply) throws IOException {
        return new RawBackend(reply, true, false);
    }

    public int port() {
        return socket.getLocalPort();
    }

    public String address() {
        return "127.0.0.1:" + port();
    }

    /** Every connection's bytes so far, as ISO-8859-1 text, in arrival order. */
    public List<String> received() {
        return List.copyOf(received);
    }

    /** Connections accepted so far. */
    public int connections() {
        return connections.get();
    }

    public void forget() {
        received.clear();
    }

    public void reply(Reply reply) {
        this.reply = reply;
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket connection = socket.accept();
                connections.incrementAndGet();
                workers.execute(() -> serve(connection));
            } catch (IOException closed) {
                return;
            }
        }
    }

    private void serve(Socket connection) {
        try (connection) {
            connection.setSoTimeout(10_000);
            do {
                String request = readRequest(connection.getInputStream(), readsChunkedBodies);
                if (request.isEmpty() && keepAlive) {
                    return; // closed by the proxy
                }
                received.add(request);
                reply.answer(request, connection, connection.getOutputStream());
            } while (keepAlive);
        } catch (IOException | RuntimeException e) {
            // the proxy went away; nothing to answer
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /**
     * Head, then the body its Content-Length announces, then whatever else arrives within a moment: bytes
     * after the end of the request would be a smuggled one.
     */
    private static String readRequest(InputStream in, boolean readsChunkedBodies) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            bytes.write(b);
            if (bytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                break;
            }
        }
        String head = bytes.toString(StandardCharsets.ISO_8859_1);
        long length = 0;
        for (String line : head.split("\r\n")) {
            if (line.toLowerCase(Locale.ROOT).startsWith("content-length:")) {
                length = Long.parseLong(line.substring(15).trim());
            }
        }
        for (long i = 0; i < length && (b = in.read()) >= 0; i++) {
            bytes.write(b);
        }
        if (readsChunkedBodies && head.toLowerCase(Locale.ROOT).contains("transfer-encoding: chunked")) {
            while (!bytes.toString(StandardCharsets.ISO_8859_1).endsWith("0\r\n\r\n") && (b = in.read()) >= 0) {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    public static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    @Override
    public void close() throws IOException {
        socket.close();
        workers.shutdownNow();
    }

    /** A client that speaks raw bytes, where an HTTP client would normalise or refuse the request. */
    public static final class RawClient {
        private RawClient() {
        }

        /** Sends {@code request} and returns everything the server answered until it closed (or 20 s). */
        public static String exchange(int port, String request) throws IOException {
            try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
                client.setSoTimeout(20_000);
                client.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
                client.getOutputStream().flush();
                ByteArrayOutputStream answer = new ByteArrayOutputStream();
                byte[] buffer = new byte[8192];
                try {
                    int n;
                    while ((n = client.getInputStream().read(buffer)) >= 0) {
                        answer.write(buffer, 0, n);
                    }
                } catch (SocketTimeoutException | java.net.SocketException ended) {
                    // what arrived is the answer
                }
                return answer.toString(StandardCharsets.ISO_8859_1);
            }
        }

        /** The status code of a raw answer, or -1 when there was no HTTP answer at all. */
        public static int status(String answer) {
            if (!answer.startsWith("HTTP/1.")) {
                return -1;
            }
            return Integer.parseInt(answer.substring(9, 12));
        }
    }
}
