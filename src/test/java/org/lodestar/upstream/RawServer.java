package org.lodestar.upstream;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on loopback that reads requests (head, then a Content-Length or chunked body) off kept-alive
 * connections and answers each as the test's script says, byte for byte. Records every request.
 */
final class RawServer implements AutoCloseable {
    /** Answers one request; return false to stop reading the connection (the script may close it). */
    interface Script {
        boolean answer(String request, Socket socket, OutputStream out) throws IOException, InterruptedException;
    }

    private final ServerSocket listener;
    final List<String> requests = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();

    RawServer(Script script) throws IOException {
        this(script, 50);
    }

    RawServer(Script script, int backlog) throws IOException {
        listener = new ServerSocket(0, backlog, InetAddress.getLoopbackAddress());
        Thread acceptor = new Thread(() -> {
            while (!listener.isClosed()) {
                try {
                    Socket socket = listener.accept();
                    connections.incrementAndGet();
                    sockets.add(socket);
                    Thread serving = new Thread(() -> serve(socket, script), "raw-server-connection");
                    serving.setDaemon(true);
                    serving.start();
                } catch (IOException closed) {
                    return;
                }
            }
        }, "raw-server-" + listener.getLocalPort());
        acceptor.setDaemon(true);
        acceptor.start();
    }

    int port() {
        return listener.getLocalPort();
    }

    Target target(int maxConnections) {
        return new Target("127.0.0.1", port(), maxConnections);
    }

    private void serve(Socket socket, Script script) {
        try (socket) {
            socket.setSoTimeout(20_000);
            InputStream in = socket.getInputStream();
            String request;
            while (!(request = readRequest(in)).isEmpty()) {
                requests.add(request);
                if (!script.answer(request, socket, socket.getOutputStream())) {
                    return;
                }
            }
        } catch (IOException | InterruptedException e) {
            // the client went away
        }
    }

    static String readRequest(InputStream in) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int b;
        while ((b = in.read()) >= 0) {
            bytes.write(b);
            if (bytes.size() >= 4 && bytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                break;
            }
        }
        String head = bytes.toString(StandardCharsets.ISO_8859_1);
        String lower = head.toLowerCase(Locale.ROOT);
        int at = lower.indexOf("\r\ncontent-length: ");
        if (at >= 0) {
            long length = Long.parseLong(head.substring(at + 18, head.indexOf('\r', at + 2)).trim());
            for (long i = 0; i < length && (b = in.read()) >= 0; i++) {
                bytes.write(b);
            }
        } else if (lower.contains("\r\ntransfer-encoding: chunked\r\n")) {
            while (!bytes.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n0\r\n\r\n") && (b = in.read()) >= 0) {
                bytes.write(b);
            }
        }
        return bytes.toString(StandardCharsets.ISO_8859_1);
    }

    static void write(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    static String ok(String body) {
        return "HTTP/1.1 200 OK\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
    }

    @Override
    public void close() throws IOException {
        listener.close();
        for (Socket socket : sockets) {
            socket.close();
        }
    }
}
