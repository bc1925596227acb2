import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.hc.client5.http.async.methods.SimpleHttpRequest;
import org.apache.hc.client5.http.async.methods.SimpleRequestBuilder;
import org.apache.hc.client5.http.async.methods.SimpleRequestProducer;
import org.apache.hc.client5.http.impl.async.CloseableHttpAsyncClient;
import org.apache.hc.client5.http.impl.async.HttpAsyncClients;
import org.apache.hc.client5.http.impl.nio.PoolingAsyncClientConnectionManagerBuilder;
import org.apache.hc.core5.concurrent.FutureCallback;
import org.apache.hc.core5.http.Message;
import org.apache.hc.core5.http.nio.support.BasicResponseConsumer;
import org.apache.hc.core5.http.nio.entity.DiscardingEntityConsumer;
import org.apache.http.client.methods.CloseableHttpResponse;
import org.apache.http.client.methods.HttpGet;
import org.apache.http.impl.client.CloseableHttpClient;
import org.apache.http.impl.client.HttpClients;
import org.apache.http.impl.conn.PoolingHttpClientConnectionManager;

/**
 * How much CPU each candidate backend client spends per request, alone in its JVM, against one stub:
 * {@code java -cp ... ClientBench URL SECONDS CONCURRENCY[,CONCURRENCY...] CLIENT[,CLIENT...]}.
 * Every client keeps CONCURRENCY requests in flight over kept-alive connections and reads each body to its
 * end into a discarded buffer; one warm-up run per client and concurrency precedes the measured one.
 * Prints one line per client and concurrency: requests per second and this process's CPU µs per request.
 */
public final class ClientBench {
    /** A client under test: runs {@code concurrency} request loops until {@code stop}, counting responses. */
    interface Client extends AutoCloseable {
        void run(URI uri, int concurrency, AtomicBoolean stop, AtomicLong done) throws Exception;
    }

    public static void main(String[] args) throws Exception {
        URI uri = URI.create(args[0]);
        int seconds = Integer.parseInt(args[1]);
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        System.out.printf("%-12s %5s %9s %10s%n", "client", "conns", "req/s", "cpu_us/req");
        for (String name : args[3].split(",")) {
            for (String c : args[2].split(",")) {
                int concurrency = Integer.parseInt(c);
                try (Client client = client(name)) {
                    measure(client, uri, concurrency, Math.max(2, seconds / 2)); // warm-up
                    long cpu0 = os.getProcessCpuTime();
                    long t0 = System.nanoTime();
                    long requests = measure(client, uri, concurrency, seconds);
                    double wall = (System.nanoTime() - t0) / 1e9;
                    double cpuUs = (os.getProcessCpuTime() - cpu0) / 1e3;
                    System.out.printf("%-12s %5d %9.0f %10.1f%n", name, concurrency, requests / wall, cpuUs / requests);
                }
            }
        }
    }

    private static long measure(Client client, URI uri, int concurrency, int seconds) throws Exception {
        AtomicBoolean stop = new AtomicBoolean();
        AtomicLong done = new AtomicLong();
        Thread stopper = new Thread(() -> {
            try {
                Thread.sleep(seconds * 1000L);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            stop.set(true);
        });
        stopper.start();
        client.run(uri, concurrency, stop, done);
        stopper.join();
        return done.get();
    }

    private static Client client(String name) throws Exception {
        return switch (name) {
            case "hc4" -> new HttpClient4();
            case "jdk" -> new JdkClient();
            case "jetty" -> new JettyClient();
            case "hc5async" -> new HttpClient5Async();
            case "raw" -> new RawBlocking();
            default -> throw new IllegalArgumentException("unknown client " + name);
        };
    }

    /** Threads that each loop a blocking request, until stopped. */
    private static void loops(int concurrency, AtomicBoolean stop, AtomicLong done, Blocking call) throws Exception {
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < concurrency; i++) {
            Thread t = new Thread(() -> {
                byte[] sink = new byte[16 * 1024];
                try {
                    while (!stop.get()) {
                        call.once(sink);
                        done.incrementAndGet();
                    }
                } catch (Exception e) {
                    e.printStackTrace();
                }
            });
            t.start();
            threads.add(t);
        }
        for (Thread t : threads) {
            t.join();
        }
    }

    interface Blocking {
        void once(byte[] sink) throws Exception;
    }

    private static void drain(InputStream in, byte[] sink) throws IOException {
        while (in.read(sink) >= 0) {
            // discarded
        }
    }

    /** HttpClient 4.5 with a pooling connection manager, as under the MITRE servlet: a thread per request. */
    static final class HttpClient4 implements Client {
        private final CloseableHttpClient http;

        HttpClient4() {
            PoolingHttpClientConnectionManager pool = new PoolingHttpClientConnectionManager();
            pool.setMaxTotal(512);
            pool.setDefaultMaxPerRoute(512);
            http = HttpClients.custom().setConnectionManager(pool).disableAutomaticRetries().disableCookieManagement()
                    .disableContentCompression().disableRedirectHandling().build();
        }

        @Override
        public void run(URI uri, int concurrency, AtomicBoolean stop, AtomicLong done) throws Exception {
            loops(concurrency, stop, done, sink -> {
                try (CloseableHttpResponse response = http.execute(new HttpGet(uri))) {
                    drain(response.getEntity().getContent(), sink);
                }
            });
        }

        @Override
        public void close() throws IOException {
            http.close();
        }
    }

    /** The JDK's java.net.http client, asynchronous: each completion sends the next request. */
    static final class JdkClient implements Client {
        private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder()
                .version(java.net.http.HttpClient.Version.HTTP_1_1).build();

        @Override
        public void run(URI uri, int concurrency, AtomicBoolean stop, AtomicLong done) throws Exception {
            java.net.http.HttpRequest request = java.net.http.HttpRequest.newBuilder(uri).build();
            CountDownLatch finished = new CountDownLatch(concurrency);
            for (int i = 0; i < concurrency; i++) {
                next(request, stop, done, finished);
            }
            finished.await();
        }

        private void next(java.net.http.HttpRequest request, AtomicBoolean stop, AtomicLong done, CountDownLatch finished) {
            if (stop.get()) {
                finished.countDown();
                return;
            }
            http.sendAsync(request, java.net.http.HttpResponse.BodyHandlers.discarding()).whenComplete((r, e) -> {
                if (e == null) {
                    done.incrementAndGet();
                }
                next(request, stop, done, finished);
            });
        }

        @Override
        public void close() {
            // the JDK 17 client has no close; its threads are daemons
        }
    }

    /** Jetty 12's client, asynchronous, content read and discarded. */
    static final class JettyClient implements Client {
        private final org.eclipse.jetty.client.HttpClient http = new org.eclipse.jetty.client.HttpClient();

        JettyClient() throws Exception {
            http.setMaxConnectionsPerDestination(512);
            http.setMaxRequestsQueuedPerDestination(4096);
            http.setFollowRedirects(false);
            http.start();
        }

        @Override
        public void run(URI uri, int concurrency, AtomicBoolean stop, AtomicLong done) throws Exception {
            CountDownLatch finished = new CountDownLatch(concurrency);
            for (int i = 0; i < concurrency; i++) {
                next(uri, stop, done, finished);
            }
            finished.await();
        }

        private void next(URI uri, AtomicBoolean stop, AtomicLong done, CountDownLatch finished) {
            if (stop.get()) {
                finished.countDown();
                return;
            }
            http.newRequest(uri).send(result -> {
                if (result.isSucceeded()) {
                    done.incrementAndGet();
                }
                next(uri, stop, done, finished);
            });
        }

        @Override
        public void close() throws Exception {
            http.stop();
        }
    }

    /** Apache HttpClient 5's asynchronous client (its own I/O reactor), body discarded. */
    static final class HttpClient5Async implements Client {
        private final CloseableHttpAsyncClient http = HttpAsyncClients.custom()
                .setConnectionManager(PoolingAsyncClientConnectionManagerBuilder.create()
                        .setMaxConnTotal(512).setMaxConnPerRoute(512).build())
                .disableAutomaticRetries().disableCookieManagement().disableRedirectHandling().build();

        HttpClient5Async() {
            http.start();
        }

        @Override
        public void run(URI uri, int concurrency, AtomicBoolean stop, AtomicLong done) throws Exception {
            CountDownLatch finished = new CountDownLatch(concurrency);
            SimpleHttpRequest request = SimpleRequestBuilder.get(uri).build();
            for (int i = 0; i < concurrency; i++) {
                next(request, stop, done, finished);
            }
            finished.await();
        }

        private void next(SimpleHttpRequest request, AtomicBoolean stop, AtomicLong done, CountDownLatch finished) {
            if (stop.get()) {
                finished.countDown();
                return;
            }
            http.execute(SimpleRequestProducer.create(request), new BasicResponseConsumer<>(new DiscardingEntityConsumer<>()),
                    new FutureCallback<Message<org.apache.hc.core5.http.HttpResponse, Void>>() {
                        @Override
                        public void completed(Message<org.apache.hc.core5.http.HttpResponse, Void> result) {
                            done.incrementAndGet();
                            next(request, stop, done, finished);
                        }

                        @Override
                        public void failed(Exception e) {
                            next(request, stop, done, finished);
                        }

                        @Override
                        public void cancelled() {
                            finished.countDown();
                        }
                    });
        }

        @Override
        public void close() throws IOException {
            http.close();
        }
    }

    /**
     * The least a blocking client can do: a kept-alive socket per thread, the request written as prepared
     * bytes, the response head scanned for Content-Length and the body read to its end. A lower bound for a
     * lean client, not a client (no chunked bodies, no errors handled).
     */
    static final class RawBlocking implements Client {
        @Override
        public void run(URI uri, int concurrency, AtomicBoolean stop, AtomicLong done) throws Exception {
            byte[] request = ("GET " + uri.getRawPath() + " HTTP/1.1\r\nHost: " + uri.getAuthority()
                    + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
            ThreadLocal<Socket> sockets = new ThreadLocal<>();
            loops(concurrency, stop, done, sink -> {
                Socket socket = sockets.get();
                if (socket == null) {
                    socket = new Socket();
                    socket.setTcpNoDelay(true);
                    socket.connect(new InetSocketAddress(uri.getHost(), uri.getPort()));
                    sockets.set(socket);
                }
                OutputStream out = socket.getOutputStream();
                out.write(request);
                readResponse(socket.getInputStream(), sink);
            });
        }

        private static void readResponse(InputStream in, byte[] buffer) throws IOException {
            int filled = 0;
            int headEnd = -1;
            while (headEnd < 0) {
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    throw new IOException("closed");
                }
                filled += n;
                for (int i = 3; i < filled; i++) {
                    if (buffer[i] == '\n' && buffer[i - 1] == '\r' && buffer[i - 2] == '\n' && buffer[i - 3] == '\r') {
                        headEnd = i + 1;
                        break;
                    }
                }
            }
            String head = new String(buffer, 0, headEnd, StandardCharsets.ISO_8859_1).toLowerCase();
            int at = head.indexOf("content-length:");
            long length = Long.parseLong(head.substring(at + 15, head.indexOf('\r', at)).trim());
            long remaining = length - (filled - headEnd);
            while (remaining > 0) {
                int n = in.read(buffer, 0, (int) Math.min(buffer.length, remaining));
                if (n < 0) {
                    throw new IOException("closed mid-body");
                }
                remaining -= n;
            }
        }

        @Override
        public void close() {
        }
    }

    private ClientBench() {
    }
}
