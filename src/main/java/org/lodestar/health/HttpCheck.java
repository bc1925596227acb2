package org.lodestar.health;

import java.io.IOException;
import java.io.InputStream;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;

import jakarta.ws.rs.ProcessingException;
import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.Invocation;
import jakarta.ws.rs.core.Response;

import org.lodestar.config.HealthCheck;
import org.lodestar.config.Server;
import org.lodestar.server.CheckCode;
import org.lodestar.server.CheckResult;

/**
 * The {@code option httpchk} check, sent with the JAX-RS client API.
 *
 * <p><b>Request.</b> {@code method} is sent to {@code http://host:port} + {@code uri} with the
 * {@code http-check send hdr} headers. The HTTP version cannot be chosen through JAX-RS: {@code ver}
 * is accepted and ignored, and requests go out as HTTP/1.1, which always carries a {@code Host}
 * header (the only practical difference HAProxy users rely on when writing {@code HTTP/1.1}). The
 * JDK's default connector drops restricted headers such as {@code Host} unless the system property
 * {@code sun.net.http.allowRestrictedHeaders} is true. Redirects are not followed, as in HAProxy: a
 * 3xx is judged as it is. JAX-RS has no standard switch for that, so the property Jersey (Payara's
 * client) understands is set per request; other clients ignore it.
 *
 * <p><b>Timeouts.</b> The whole check (connect, response, body) is bounded by {@code timeout}: it
 * runs on the given executor while the caller waits at most {@code timeout}, then reports
 * {@link CheckCode#L7TOUT} and closes the response if one arrived. The body is read with the same
 * deadline, so the worker also stops when a server trickles bytes. A worker blocked inside the
 * client (a server that accepts but never answers) is only released by the client's own
 * {@code readTimeout}, so the client should be built with {@code connectTimeout} and
 * {@code readTimeout} no longer than the check timeout; a connect timeout shorter than the check
 * timeout is also what lets an unreachable server be reported as {@link CheckCode#L4TOUT} rather
 * than {@link CheckCode#L7TOUT}.
 *
 * <p><b>Codes.</b> Connection refused: L4CON; connect timeout: L4TOUT; read timeout or deadline:
 * L7TOUT; empty, truncated or malformed response: L7RSP; other I/O errors: SOCKERR; otherwise the
 * {@link ExpectRules} verdict.
 */
public final class HttpCheck {
    private static final String JERSEY_FOLLOW_REDIRECTS = "jersey.config.client.followRedirects";

    private final Client client;
    private final Executor executor;

    /**
     * @param client   owned by the caller, who configures its timeouts and closes it
     * @param executor runs the blocking exchange so that the caller can give up at the deadline; in
     *                 the container a managed executor
     */
    public HttpCheck(Client client, Executor executor) {
        this.client = Objects.requireNonNull(client, "client");
        this.executor = Objects.requireNonNull(executor, "executor");
    }

    /**
     * @param check must have {@code option httpchk}; TCP checks belong to {@link TcpCheck}
     * @throws java.util.concurrent.RejectedExecutionException if the executor is shut down
     */
    public CheckResult run(Server server, HealthCheck check, Duration timeout) {
        HealthCheck.HttpCheck request = check.httpchk()
                .orElseThrow(() -> new IllegalArgumentException("no option httpchk for server " + server.name()));
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        AtomicReference<Response> inFlight = new AtomicReference<>();
        CompletableFuture<CheckResult> exchange = CompletableFuture.supplyAsync(
                () -> exchange(server, check, request, start, deadline, inFlight), executor);
        try {
            return exchange.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
        } catch (TimeoutException e) {
            Optional.ofNullable(inFlight.get()).ifPresent(Response::close);
            return timedOut(start, timeout);
        } catch (ExecutionException e) {
            return CheckFailures.classifyHttp(e.getCause(), Timing.millisSince(start));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return CheckResult.failedWithoutResponse(CheckCode.SOCKERR, Timing.millisSince(start),
                    "Check interrupted");
        }
    }

    private CheckResult exchange(Server server, HealthCheck check, HealthCheck.HttpCheck request, long start,
                                 long deadline, AtomicReference<Response> inFlight) {
        Invocation.Builder builder = client.target(url(server, request.uri())).request()
                .property(JERSEY_FOLLOW_REDIRECTS, false);
        request.headers().forEach(builder::header);
        try (Response response = builder.method(request.method())) {
            inFlight.set(response);
            int status = response.getStatus();
            if (status < 100 || status > 599) {
                return CheckResult.failedWithoutResponse(CheckCode.L7RSP, Timing.millisSince(start),
                        "Invalid HTTP status " + status);
            }
            Optional<byte[]> body = readBody(response, deadline);
            if (body.isEmpty()) {
                return timedOut(start, Duration.ofNanos(deadline - start));
            }
            return ExpectRules.evaluate(check, status, response.getStatusInfo().getReasonPhrase(), body.get(),
                    Timing.millisSince(start));
        } catch (ProcessingException | IOException e) {
            return CheckFailures.classifyHttp(e, Timing.millisSince(start));
        }
    }

    private static Optional<byte[]> readBody(Response response, long deadline) throws IOException {
        if (!response.hasEntity()) {
            return Optional.of(new byte[0]);
        }
        try (InputStream in = response.readEntity(InputStream.class)) {
            return BoundedBody.read(in, deadline);
        }
    }

    private static CheckResult timedOut(long start, Duration timeout) {
        return CheckResult.failedWithoutResponse(CheckCode.L7TOUT, Timing.millisSince(start),
                "No complete response within " + timeout.toMillis() + " ms");
    }

    /** IPv6 literals need brackets in a URL. */
    private static String url(Server server, String uri) {
        String host = server.host().contains(":") && !server.host().startsWith("[")
                ? "[" + server.host() + "]" : server.host();
        return "http://" + host + ":" + server.port() + uri;
    }
}
