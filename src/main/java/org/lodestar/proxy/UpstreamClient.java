package org.lodestar.proxy;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.concurrent.TimeUnit;
import org.apache.http.HttpHost;
import org.apache.http.config.ConnectionConfig;
import org.apache.http.config.MessageConstraints;
import org.apache.http.config.RegistryBuilder;
import org.apache.http.conn.routing.HttpRoute;
import org.apache.http.conn.socket.ConnectionSocketFactory;
import org.apache.http.conn.socket.PlainConnectionSocketFactory;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClientBuilder;
import org.apache.http.protocol.HttpContext;
import org.lodestar.config.Backend;
import org.lodestar.config.Server;
import org.lodestar.container.ProxyRuntime;

/**
 * The HTTP client that talks to the servers: one connection pool sized per server from the config's
 * maxconn (HttpClient's default of 5 per route queues requests inside the proxy) that never reuses a
 * connection carrying bytes no request asked for ({@link UpstreamConnectionPool}), no automatic retries
 * (Lodestar's own retry policy decides), no redirects, cookies or decompression (the client gets the
 * server's response as sent).
 */
final class UpstreamClient {
    private static final String CONNECT_NANOS = "lodestar.connectNanos";
    /** A pooled connection idle this long is checked before reuse; servers close idle connections. */
    private static final int VALIDATE_AFTER_INACTIVITY_MILLIS = 1000;
    private static final long EVICT_IDLE_SECONDS = 30;
    /** Longer status or header lines, or more headers, make the response invalid (502), as in HAProxy. */
    static final int MAX_RESPONSE_HEADER_LINE = 16 * 1024;
    static final int MAX_RESPONSE_HEADERS = 200;

    private UpstreamClient() {
    }

    static CloseableHttpClient create(ProxyRuntime runtime) {
        UpstreamConnectionPool pool = new UpstreamConnectionPool(
                RegistryBuilder.<ConnectionSocketFactory>create().register("http", new TimedSocketFactory()).build(),
                new UnsolicitedBytes(System::nanoTime));
        int total = 0;
        for (Backend backend : runtime.config().backends().values()) {
            for (Server server : backend.servers()) {
                int connections = runtime.connectionsPerServer(server);
                pool.setMaxPerRoute(new HttpRoute(new HttpHost(server.host(), server.port())), connections);
                total += connections;
            }
        }
        // Servers a reload adds have no route limit of their own here (the balancer still enforces their
        // maxconn): they get the cap of an unlimited server, and the total leaves room for them.
        pool.setDefaultMaxPerRoute(ProxyRuntime.UNLIMITED_CONNECTIONS_PER_SERVER);
        pool.setMaxTotal(total + ProxyRuntime.UNLIMITED_CONNECTIONS_PER_SERVER);
        pool.setValidateAfterInactivity(VALIDATE_AFTER_INACTIVITY_MILLIS);
        // A server's response head is bounded like a client's request head: HttpClient's default is none.
        pool.setDefaultConnectionConfig(ConnectionConfig.custom().setMessageConstraints(MessageConstraints.custom()
                .setMaxLineLength(MAX_RESPONSE_HEADER_LINE).setMaxHeaderCount(MAX_RESPONSE_HEADERS).build()).build());
        ResponseHeadDeadline headDeadline = new ResponseHeadDeadline();
        HttpClientBuilder builder = new HttpClientBuilder() {
            {
                addCloseable(headDeadline);
            }
        };
        return builder
                .setConnectionManager(pool)
                .setRequestExecutor(headDeadline)
                .disableAutomaticRetries()
                .disableRedirectHandling()
                .disableCookieManagement()
                .disableContentCompression()
                .disableAuthCaching()
                .evictIdleConnections(EVICT_IDLE_SECONDS, TimeUnit.SECONDS)
                .build();
    }

    /** Milliseconds spent connecting for this exchange; 0 when a pooled connection was reused. */
    static long connectMillis(HttpContext context) {
        Object nanos = context.getAttribute(CONNECT_NANOS);
        return nanos instanceof Long n ? n / 1_000_000 : 0;
    }

    /** Whether the exchange went over a pooled connection rather than one opened for it. */
    static boolean reusedConnection(HttpContext context) {
        return context.getAttribute(CONNECT_NANOS) == null;
    }

    /** {@code http://host:port} of a server, as it would appear in an absolute URL it sends back. */
    static String origin(Server server) {
        return server.port() == 80 ? "http://" + server.host() : "http://" + server.address();
    }

    /** Records the connect time in the exchange's context, for the access log's Tc. */
    private static final class TimedSocketFactory extends PlainConnectionSocketFactory {
        @Override
        public Socket connectSocket(int connectTimeout, Socket socket, HttpHost host, InetSocketAddress remote,
                                    InetSocketAddress local, HttpContext context) throws IOException {
            long start = System.nanoTime();
            Socket connected = super.connectSocket(connectTimeout, socket, host, remote, local, context);
            context.setAttribute(CONNECT_NANOS, System.nanoTime() - start);
            return connected;
        }
    }
}
