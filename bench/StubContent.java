import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Fast stub Spark masters for the throughput benchmark.
 *
 * <pre>java bench/StubContent.java &lt;port1&gt; [&lt;port2&gt; ...]</pre>
 *
 * Stub i (1-based) is named spark{i}, listens on 127.0.0.1:port{i} and is ALIVE (so health checks pass on
 * every stub). Routes, all bodies built once at start-up and shared by every request:
 * <ul>
 *   <li>{@code /static/spark-ui.css}: a 120 KiB stylesheet ({@code text/css});</li>
 *   <li>{@code /download}: a 10 MiB body ({@code application/octet-stream}, Content-Length set), written
 *       from one shared 1 MiB buffer ten times, so nothing is allocated per request;</li>
 *   <li>anything else: a 6 KiB page shaped like a Spark master's, with
 *       {@code <li><strong>Status:</strong> ALIVE</li>} and the marker {@code <!-- stub:spark{i} -->}.</li>
 * </ul>
 */
public class StubContent {

    static final int PAGE_BYTES = 6 * 1024;
    static final int CSS_BYTES = 120 * 1024;
    static final int CHUNK_BYTES = 1024 * 1024;
    static final int DOWNLOAD_CHUNKS = 10;

    static byte[] css;
    static byte[] chunk;

    public static void main(String[] args) throws Exception {
        if (args.length < 1) {
            System.err.println("usage: java bench/StubContent.java <port1> [<port2> ...]");
            System.exit(2);
        }
        // Headers and body in one segment, no delayed-ACK stalls. Must be set before the first HttpServer.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        css = css();
        chunk = chunk();
        // Threads are only held while a response is written; 10 MiB downloads hold one each for the whole
        // transfer, so allow for three proxies' worth of parallel downloads at once.
        ExecutorService pool = Executors.newFixedThreadPool(160);
        StringBuilder ready = new StringBuilder("stub content ready:");
        for (int i = 0; i < args.length; i++) {
            String name = "spark" + (i + 1);
            int port = Integer.parseInt(args[i]);
            byte[] page = page(name, port);
            HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1024);
            server.setExecutor(pool);
            server.createContext("/", exchange -> serve(page, exchange));
            server.start();
            ready.append(' ').append(name).append(' ').append(port).append(" ALIVE");
        }
        System.out.println(ready);
    }

    static void serve(byte[] page, HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            String path = exchange.getRequestURI().getPath();
            boolean head = "HEAD".equals(exchange.getRequestMethod());
            if (path.equals("/download")) {
                long length = (long) CHUNK_BYTES * DOWNLOAD_CHUNKS;
                exchange.getResponseHeaders().set("Content-Type", "application/octet-stream");
                exchange.sendResponseHeaders(200, head ? -1 : length);
                if (!head) {
                    try (OutputStream out = exchange.getResponseBody()) {
                        for (int i = 0; i < DOWNLOAD_CHUNKS; i++) {
                            out.write(chunk);
                        }
                    }
                }
                return;
            }
            byte[] body;
            if (path.equals("/static/spark-ui.css")) {
                exchange.getResponseHeaders().set("Content-Type", "text/css");
                body = css;
            } else {
                exchange.getResponseHeaders().set("Content-Type", "text/html; charset=UTF-8");
                body = page;
            }
            exchange.sendResponseHeaders(200, head ? -1 : body.length);
            if (!head) {
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        }
    }

    /** Pads text with spaces (before a closing line) to exactly {@code size} bytes of ASCII. */
    static byte[] exactly(StringBuilder sb, String closing, int size) {
        int pad = size - sb.length() - closing.length();
        if (pad < 0) {
            throw new IllegalStateException("content already longer than " + size);
        }
        sb.append(" ".repeat(pad)).append(closing);
        return sb.toString().getBytes(StandardCharsets.US_ASCII);
    }

    /** A status page resembling a Spark standalone master's, exactly 6 KiB. */
    static byte[] page(String name, int port) {
        StringBuilder sb = new StringBuilder(PAGE_BYTES);
        sb.append("<!DOCTYPE html>\n<html>\n<head>\n")
                .append("<meta http-equiv=\"Content-type\" content=\"text/html; charset=utf-8\"/>\n")
                .append("<link rel=\"stylesheet\" href=\"/static/spark-ui.css\" type=\"text/css\"/>\n")
                .append("<title>Spark Master at spark://127.0.0.1:").append(port).append("</title>\n")
                .append("</head>\n<body>\n<!-- stub:").append(name).append(" -->\n")
                .append("<div class=\"container-fluid\">\n<h3>Spark Master at spark://127.0.0.1:")
                .append(port).append("</h3>\n<ul class=\"list-unstyled\">\n")
                .append("<li><strong>URL:</strong> spark://127.0.0.1:").append(port).append("</li>\n")
                .append("<li><strong>Alive Workers:</strong> 8</li>\n")
                .append("<li><strong>Cores in use:</strong> 32 Total, 12 Used</li>\n")
                .append("<li><strong>Memory in use:</strong> 120.0 GiB Total, 48.0 GiB Used</li>\n")
                .append("<li><strong>Applications:</strong> 3 Running, 17 Completed</li>\n")
                .append("<li><strong>Status:</strong> ALIVE</li>\n</ul>\n")
                .append("<h4>Workers</h4>\n<table class=\"table table-bordered table-sm\">\n")
                .append("<thead><tr><th>Worker Id</th><th>Address</th><th>State</th><th>Cores</th>")
                .append("<th>Memory</th></tr></thead>\n<tbody>\n");
        String closing = "\n</tbody>\n</table>\n</div>\n</body>\n</html>\n";
        for (int row = 1; sb.length() < PAGE_BYTES - 300; row++) {
            sb.append("<tr><td>worker-20260101000000-10.0.1.").append(row).append("-4").append(1000 + row)
                    .append("</td><td>10.0.1.").append(row).append(":4").append(1000 + row)
                    .append("</td><td>ALIVE</td><td>4 (2 Used)</td><td>15.0 GiB (6.0 GiB Used)</td></tr>\n");
        }
        return exactly(sb, closing, PAGE_BYTES);
    }

    /** A stylesheet of plausible rules, exactly 120 KiB. */
    static byte[] css() {
        StringBuilder sb = new StringBuilder(CSS_BYTES);
        sb.append("/* stub spark-ui.css */\n");
        String closing = "\n/* end */\n";
        for (int i = 0; sb.length() < CSS_BYTES - 200; i++) {
            sb.append(".spark-col-").append(i).append(" { margin: 0 ").append(i % 17).append("px; padding: ")
                    .append(i % 5).append("px ").append(i % 9).append("px; color: #")
                    .append(String.format("%06x", (i * 2654435761L) & 0xffffff)).append("; }\n");
        }
        return exactly(sb, closing, CSS_BYTES);
    }

    /** 1 MiB of deterministic, poorly compressible bytes. */
    static byte[] chunk() {
        byte[] b = new byte[CHUNK_BYTES];
        long x = 0x9E3779B97F4A7C15L;
        for (int i = 0; i < b.length; i++) {
            x ^= x << 13;
            x ^= x >>> 7;
            x ^= x << 17;
            b[i] = (byte) x;
        }
        return b;
    }
}
