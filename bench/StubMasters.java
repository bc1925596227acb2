import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Stub Spark masters for the leader-change benchmark.
 *
 * <pre>java bench/StubMasters.java &lt;controlPort&gt; &lt;port1&gt; [&lt;port2&gt; ...]</pre>
 *
 * Stub i (1-based) is named spark{i} and listens on 127.0.0.1:port{i}. It answers any request with a
 * ~6 KB page resembling a Spark master's, containing {@code <li><strong>Status:</strong> ALIVE</li>} (or
 * STANDBY) and the marker {@code <!-- stub:spark{i} -->}. spark1 starts ALIVE, the others STANDBY.
 *
 * The control port (also 127.0.0.1, never configured in a proxy) accepts:
 * <ul>
 *   <li>{@code GET /role?spark1=STANDBY&spark2=ALIVE} sets several roles at the same instant;</li>
 *   <li>{@code GET /kill?spark1} closes spark1's listening socket and its connections;</li>
 *   <li>{@code GET /revive?spark1} listens again on the same port;</li>
 *   <li>{@code GET /state} lists name, port, role and listening state.</li>
 * </ul>
 */
public class StubMasters {

    static final class Stub {
        final String name;
        final int port;
        volatile String role;
        volatile byte[] alivePage;
        volatile byte[] standbyPage;
        HttpServer server;

        Stub(String name, int port, String role) {
            this.name = name;
            this.port = port;
            this.role = role;
            this.alivePage = page(name, port, "ALIVE");
            this.standbyPage = page(name, port, "STANDBY");
        }
    }

    static final InetAddress LOOPBACK = InetAddress.getLoopbackAddress();
    static final List<Stub> STUBS = new ArrayList<>();
    static ExecutorService pool;

    public static void main(String[] args) throws Exception {
        if (args.length < 2) {
            System.err.println("usage: java bench/StubMasters.java <controlPort> <port1> [<port2> ...]");
            System.exit(2);
        }
        // Without TCP_NODELAY, headers and body leave in separate segments and every response waits ~40 ms
        // for a delayed ACK. Must be set before the first HttpServer is created.
        System.setProperty("sun.net.httpserver.nodelay", "true");
        pool = Executors.newFixedThreadPool(8);
        for (int i = 1; i < args.length; i++) {
            Stub stub = new Stub("spark" + i, Integer.parseInt(args[i]), i == 1 ? "ALIVE" : "STANDBY");
            STUBS.add(stub);
            listen(stub);
        }
        HttpServer control = HttpServer.create(new InetSocketAddress(LOOPBACK, Integer.parseInt(args[0])), 16);
        control.setExecutor(Executors.newFixedThreadPool(2));
        control.createContext("/", StubMasters::control);
        control.start();
        System.out.println("stub masters ready: " + state().replace('\n', ' '));
    }

    static synchronized void listen(Stub stub) throws IOException {
        if (stub.server != null) {
            return;
        }
        HttpServer server = HttpServer.create(new InetSocketAddress(LOOPBACK, stub.port), 64);
        server.setExecutor(pool);
        server.createContext("/", exchange -> serve(stub, exchange));
        server.start();
        stub.server = server;
    }

    static synchronized void kill(Stub stub) {
        if (stub.server != null) {
            stub.server.stop(0);
            stub.server = null;
        }
    }

    static void serve(Stub stub, HttpExchange exchange) throws IOException {
        try (exchange) {
            exchange.getRequestBody().readAllBytes();
            byte[] body = "ALIVE".equals(stub.role) ? stub.alivePage : stub.standbyPage;
            exchange.getResponseHeaders().set("Content-Type", "text/html; charset=UTF-8");
            if ("HEAD".equals(exchange.getRequestMethod())) {
                exchange.sendResponseHeaders(200, -1);
                return;
            }
            exchange.sendResponseHeaders(200, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static void control(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            String query = exchange.getRequestURI().getRawQuery();
            int status = 200;
            String answer;
            try {
                switch (path) {
                    case "/role" -> {
                        // Validate everything first, then apply all roles together.
                        List<Stub> targets = new ArrayList<>();
                        List<String> roles = new ArrayList<>();
                        for (String pair : params(query)) {
                            String[] kv = pair.split("=", 2);
                            String role = kv.length == 2 ? kv[1] : "";
                            if (!role.equals("ALIVE") && !role.equals("STANDBY")) {
                                throw new IllegalArgumentException("role must be ALIVE or STANDBY: " + pair);
                            }
                            targets.add(stub(kv[0]));
                            roles.add(role);
                        }
                        for (int i = 0; i < targets.size(); i++) {
                            targets.get(i).role = roles.get(i);
                        }
                        answer = state();
                    }
                    case "/kill" -> {
                        for (String name : params(query)) {
                            kill(stub(name));
                        }
                        answer = state();
                    }
                    case "/revive" -> {
                        for (String name : params(query)) {
                            listen(stub(name));
                        }
                        answer = state();
                    }
                    case "/state" -> answer = state();
                    default -> {
                        status = 404;
                        answer = "unknown control path " + path + "\n";
                    }
                }
            } catch (IllegalArgumentException | IOException e) {
                status = 400;
                answer = e + "\n";
            }
            byte[] body = answer.getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=UTF-8");
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        }
    }

    static List<String> params(String query) {
        List<String> out = new ArrayList<>();
        if (query != null) {
            for (String p : query.split("&")) {
                if (!p.isEmpty()) {
                    out.add(p);
                }
            }
        }
        return out;
    }

    static Stub stub(String name) {
        for (Stub s : STUBS) {
            if (s.name.equals(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("no stub named " + name);
    }

    static synchronized String state() {
        StringBuilder sb = new StringBuilder();
        for (Stub s : STUBS) {
            sb.append(s.name).append(' ').append(s.port).append(' ').append(s.role).append(' ')
                    .append(s.server != null ? "listening" : "killed").append('\n');
        }
        return sb.toString();
    }

    /** A page shaped like a Spark standalone master's status page, about 6 KB. */
    static byte[] page(String name, int port, String role) {
        StringBuilder sb = new StringBuilder(7000);
        sb.append("<!DOCTYPE html>\n<html>\n<head>\n")
                .append("<meta http-equiv=\"Content-type\" content=\"text/html; charset=utf-8\"/>\n")
                .append("<link rel=\"stylesheet\" href=\"/static/bootstrap.min.css\" type=\"text/css\"/>\n")
                .append("<title>Spark Master at spark://127.0.0.1:").append(port).append("</title>\n")
                .append("</head>\n<body>\n<!-- stub:").append(name).append(" -->\n")
                .append("<div class=\"container-fluid\">\n<div class=\"row\"><div class=\"col-12\">\n")
                .append("<h3 style=\"vertical-align: middle; display: inline-block;\">")
                .append("Spark Master at spark://127.0.0.1:").append(port).append("</h3>\n</div></div>\n")
                .append("<div class=\"row\"><div class=\"col-12\">\n<ul class=\"list-unstyled\">\n")
                .append("<li><strong>URL:</strong> spark://127.0.0.1:").append(port).append("</li>\n")
                .append("<li><strong>Alive Workers:</strong> 4</li>\n")
                .append("<li><strong>Cores in use:</strong> 16 Total, 8 Used</li>\n")
                .append("<li><strong>Memory in use:</strong> 60.0 GiB Total, 24.0 GiB Used</li>\n")
                .append("<li><strong>Applications:</strong> 2 <a href=\"#running-app\">Running</a>, ")
                .append("11 <a href=\"#completed-app\">Completed</a></li>\n")
                .append("<li><strong>Drivers:</strong> 0 Running, 0 Completed</li>\n")
                .append("<li><strong>Status:</strong> ").append(role).append("</li>\n")
                .append("</ul>\n</div></div>\n")
                .append("<h4>Workers (4)</h4>\n<table class=\"table table-bordered table-sm sortable\">\n")
                .append("<thead><tr><th>Worker Id</th><th>Address</th><th>State</th><th>Cores</th>")
                .append("<th>Memory</th></tr></thead>\n<tbody>\n");
        // Only the status line may say ALIVE on a standby's page (a real standby has no live workers).
        String workerState = "ALIVE".equals(role) ? "ALIVE" : "UNKNOWN";
        int row = 0;
        while (sb.length() < 5900) {
            row++;
            sb.append("<tr><td><a href=\"http://10.0.0.").append(row % 250 + 1)
                    .append(":8081\">worker-20260101000000-10.0.0.").append(row % 250 + 1)
                    .append("-37").append(100 + row).append("</a></td><td>10.0.0.").append(row % 250 + 1)
                    .append(":37").append(100 + row).append("</td><td>").append(workerState)
                    .append("</td><td>4 (2 Used)</td>")
                    .append("<td>15.0 GiB (6.0 GiB Used)</td></tr>\n");
        }
        sb.append("</tbody>\n</table>\n</div>\n</body>\n</html>\n");
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }
}
