package org.lodestar.proxy;

import java.io.Closeable;
import java.io.IOException;
import java.net.SocketTimeoutException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.http.HttpClientConnection;
import org.apache.http.HttpException;
import org.apache.http.HttpRequest;
import org.apache.http.HttpResponse;
import org.apache.http.client.protocol.HttpClientContext;
import org.apache.http.protocol.HttpContext;
import org.apache.http.protocol.HttpRequestExecutor;

/**
 * Bounds the whole wait for a server's response head by the request's socket timeout ({@code timeout
 * server}), not only each silence between two bytes: a server trickling its status line and headers a
 * byte at a time would otherwise hold the request (and its thread) for as long as it likes. When the
 * deadline passes the connection is shut and the wait ends in {@link SocketTimeoutException} (504).
 */
final class ResponseHeadDeadline extends HttpRequestExecutor implements Closeable {
    private final ScheduledThreadPoolExecutor watchdog = new ScheduledThreadPoolExecutor(1, task -> {
        Thread thread = new Thread(task, "lodestar-response-head-deadline");
        thread.setDaemon(true);
        return thread;
    });

    ResponseHeadDeadline() {
        // Nearly every deadline is cancelled within milliseconds; kept in the queue until it would have
        // fired (timeout server, 50 s in the reference setup), they piled up by the hundred thousand under load.
        watchdog.setRemoveOnCancelPolicy(true);
    }

    @Override
    protected HttpResponse doReceiveResponse(HttpRequest request, HttpClientConnection connection,
                                             HttpContext context) throws HttpException, IOException {
        int timeoutMillis = HttpClientContext.adapt(context).getRequestConfig().getSocketTimeout();
        if (timeoutMillis <= 0) {
            return super.doReceiveResponse(request, connection, context);
        }
        AtomicBoolean expired = new AtomicBoolean();
        ScheduledFuture<?> deadline = watchdog.schedule(() -> {
            expired.set(true);
            try {
                connection.shutdown();
            } catch (IOException alreadyClosed) {
                // the wait ends either way
            }
        }, timeoutMillis, TimeUnit.MILLISECONDS);
        try {
            return super.doReceiveResponse(request, connection, context);
        } catch (IOException e) {
            if (expired.get()) {
                throw new SocketTimeoutException("no complete response head within timeout server ("
                        + timeoutMillis + " ms)");
            }
            throw e;
        } finally {
            deadline.cancel(false);
        }
    }

    @Override
    public void close() {
        watchdog.shutdownNow();
    }
}
