package org.lodestar.proxy;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.logging.Logger;
import org.lodestar.balance.Acquisition;
import org.lodestar.balance.ConcurrencyLimit;
import org.lodestar.balance.Lease;
import org.lodestar.balance.RetryPolicy;
import org.lodestar.balance.ServerPool;
import org.lodestar.config.Backend;
import org.lodestar.config.Frontend;
import org.lodestar.config.Server;
import org.lodestar.health.Observation;
import org.lodestar.routing.Route;
import org.lodestar.upstream.Target;
import org.lodestar.upstream.UpstreamExchange;
import org.lodestar.upstream.UpstreamFailure;
import org.lodestar.web.ClientConnection;

/**
 * One proxied request from its admission to its end: a slot of its frontend ({@code maxconn}), a server
 * slot from its backend's pool, attempts at that server (with HAProxy's retries and redispatch), and the
 * server's response relayed to the client.
 *
 * <p>It runs on container threads and writes to the client with ordinary blocking writes. When it has to
 * wait for a slot or a retry's pause it parks the request ({@link Parking}: no thread is held) and goes on
 * where it stopped once the request is dispatched back. While a server prepares its answer the request
 * keeps its thread, bounded by {@code timeout connect} and {@code timeout server}: parking there was
 * measured to break on Payara's listener (docs/performance.md, issue 13). A request whose body came
 * chunked never parks ({@link Parking#onThread}).
 *
 * <p>Whatever happens, {@link #finish} runs once: slots back, traffic counted, one access log line.
 */
final class Forwarding {
    static final String ATTRIBUTE = Forwarding.class.getName();
    private static final Logger LOG = Logger.getLogger(LodestarProxyServlet.class.getName());
    /**
     * How often a thread waiting for its server looks whether the reading should go on; the wait itself ends
     * with the server's bytes or with a failure the client's deadlines deliver.
     */
    private static final long RELAY_CHECK_NANOS = Duration.ofSeconds(1).toNanos();
    /** Request body chunks on their way to the server at once: the client is read no faster than that. */
    private static final int BODY_CHUNKS_IN_FLIGHT = 2;
    private static final int BODY_CHUNK_BYTES = 16 * 1024;

    private enum Step { ADMIT, ACQUIRE, RELAY, DONE }

    private final ForwardingServices services;
    private final Exchange exchange;
    private final Route.ToBackend route;
    private final Frontend frontend;
    private final Backend backend;
    private final ServerPool pool;
    private final RetryPolicy policy;
    private final long contentLength;
    private final Parking parking;
    private Step step = Step.ADMIT;

    // Outcomes of waits, set by other threads. Guarded by this.
    private boolean admissionQueued;
    private Optional<ConcurrencyLimit.Permit> admission;
    private boolean acquisitionQueued;
    private Acquisition acquisition;
    private boolean retryDue;
    private boolean finished;

    // The current attempt; the forwarding thread only.
    private ConcurrencyLimit.Permit frontendSlot;
    private Lease lease;
    private Server server;
    private ResponseMailbox mailbox;
    private UpstreamExchange upstream;
    private long sentNanos;
    private boolean bodyToSend;
    private boolean headWritten;
    private final Set<String> failed = new HashSet<>();
    private final Set<String> excluded = new HashSet<>();
    private int attempt;

    Forwarding(ForwardingServices services, Exchange exchange, Route.ToBackend route, long contentLength) {
        this.services = services;
        this.exchange = exchange;
        this.route = route;
        this.frontend = route.frontend();
        this.backend = route.backend();
        this.pool = exchange.runtime.pool(backend);
        this.policy = RetryPolicy.of(backend);
        this.contentLength = contentLength;
        this.parking = contentLength < 0 ? Parking.onThread(this::abandoned) : new Parking(this::abandoned);
    }

    Exchange exchange() {
        return exchange;
    }

    /** Goes on until the request ends or has to wait; on every (re)dispatch of the request. */
    void proceed(HttpServletRequest request, HttpServletResponse response) throws IOException {
        try {
            boolean goOn = true;
            while (goOn) {
                goOn = switch (step) {
                    case ADMIT -> admit(request, response);
                    case ACQUIRE -> acquire(request, response);
                    case RELAY -> relay(request, response);
                    case DONE -> false;
                };
            }
        } catch (ClientAbortedException e) {
            clientGone(response, e);
        } catch (Parking.NotParkable notParked) {
            // The container would not make the request asynchronous (a filter without asyncSupported):
            // no thread-holding fallback, say so.
            LOG.severe("Lodestar cannot wait for " + exchange.requestLine + " without a thread: " + notParked.getMessage()
                    + "; every filter in front of Lodestar's proxy must support asynchronous requests");
            answer(response, ErrorPage.INTERNAL_ERROR, Termination.NORMAL,
                    "the request could not wait here: the application server does not allow it");
        }
    }

    // --- 1. a slot of the frontend -----------------------------------------------------------------------

    private boolean admit(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<ConcurrencyLimit.Permit> outcome;
        synchronized (this) {
            outcome = admission;
        }
        if (outcome == null && !admissionQueued) {
            ConcurrencyLimit.Admission now = exchange.runtime.limit(frontend).admit(
                    frontend.timeouts().effectiveQueue(), services.timer(),
                    permit -> decided(() -> admission = Optional.of(permit)),
                    () -> decided(() -> admission = Optional.empty()));
            if (now instanceof ConcurrencyLimit.Admission.Admitted admitted) {
                frontendSlot = admitted.permit();
                step = Step.ACQUIRE;
                return true;
            }
            admissionQueued = true;
            return !parking.park(request) && admit(request, response);
        }
        if (outcome == null) {
            return !parking.park(request) && admit(request, response);
        }
        if (outcome.isEmpty()) {
            exchange.termination = Termination.QUEUE_TIMEOUT;
            ErrorPage.SERVICE_UNAVAILABLE.send(response, "frontend " + frontend.name() + " is at its maxconn ("
                    + frontend.maxconn() + ") and no slot freed up in time");
            finish(response, false);
            return false;
        }
        frontendSlot = outcome.get();
        step = Step.ACQUIRE;
        return true;
    }

    // --- 2. a server slot ----------------------------------------------------------------------------------

    private boolean acquire(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Acquisition outcome;
        synchronized (this) {
            if (retryDue) {
                return !parking.park(request) && acquire(request, response);
            }
            outcome = acquisition;
            acquisition = null;
        }
        if (outcome == null && !acquisitionQueued) {
            Optional<Acquisition> now = pool.acquireOrQueue(request.getRemoteAddr(), excluded,
                    backend.timeouts().effectiveQueue(), services.timer(),
                    result -> decided(() -> acquisition = result));
            if (now.isEmpty()) {
                acquisitionQueued = true;
                return !parking.park(request) && acquire(request, response);
            }
            outcome = now.get();
        } else if (outcome == null) {
            return !parking.park(request) && acquire(request, response);
        }
        acquisitionQueued = false;
        if (outcome instanceof Acquisition.Refused refused) {
            refuse(response, refused.reason());
            finish(response, false);
            return false;
        }
        lease = ((Acquisition.Granted) outcome).lease();
        exchange.queuedMillis += lease.queued().toMillis();
        send(request);
        step = Step.RELAY;
        return true;
    }

    private void refuse(HttpServletResponse response, Acquisition.Reason reason) throws IOException {
        if (reason == Acquisition.Reason.NO_SERVER) {
            exchange.termination = Termination.SERVER_CONNECTION_FAILED;
            NoServerPage.send(response, backend, exchange.runtime.servers().snapshots(backend.name()),
                    exchange.connectFailures);
            return;
        }
        exchange.termination = Termination.QUEUE_TIMEOUT;
        ErrorPage.SERVICE_UNAVAILABLE.send(response, reason == Acquisition.Reason.QUEUE_FULL
                ? "backend " + backend.name() + ": all servers are at maxconn and the queue is full"
                : "backend " + backend.name() + ": all servers are at maxconn and no slot freed up within "
                + "timeout queue (" + backend.timeouts().effectiveQueue().toMillis() + " ms)");
    }

    // --- 3. an attempt at the server, and its response ----------------------------------------------------

    private void send(HttpServletRequest request) {
        attempt++;
        server = lease.server();
        exchange.server = server.name();
        exchange.target = server;
        exchange.serverCounters = exchange.runtime.stats().server(backend.name(), server.name());
        exchange.serverCounters.session(System.currentTimeMillis());
        mailbox = new ResponseMailbox();
        bodyToSend = contentLength != 0;
        headWritten = false;
        sentNanos = System.nanoTime();
        upstream = services.client().send(new Target(server.host(), server.port(),
                        exchange.runtime.connectionsPerServer(server)),
                UpstreamRequests.of(request, route, contentLength, services.owner(exchange)), mailbox);
    }

    private boolean relay(HttpServletRequest request, HttpServletResponse response) throws IOException {
        while (true) {
            ResponseMailbox.Delivery delivery = mailbox.take(RELAY_CHECK_NANOS);
            if (delivery.empty()) {
                if (mailbox.resumeNeeded()) {
                    upstream.resume();
                }
                continue;
            }
            if (delivery.connected()) {
                exchange.connectMillis = mailbox.connectNanos() / 1_000_000;
                if (bodyToSend) {
                    bodyToSend = false;
                    sendBody(request);
                }
            }
            if (delivery.head() != null) {
                exchange.responseMillis = (mailbox.headNanos() - sentNanos) / 1_000_000;
                ClientResponses.writeHead(delivery.head(), request, response, route, server);
                headWritten = true;
            }
            OutputStream out = delivery.body().isEmpty() ? null
                    : ClientStreams.responseBody(response.getOutputStream(), exchange);
            for (ResponseMailbox.Chunk chunk : delivery.body()) {
                out.write(chunk.bytes(), 0, chunk.length());
            }
            mailbox.written(delivery.body());
            if (delivery.failure() != null) {
                if (headWritten) {
                    // What the server sent reaches the client first, as a streaming proxy passes it on: the
                    // failure then cuts the connection rather than turning a started response into a 502.
                    ClientStreams.responseBody(response.getOutputStream(), exchange).flush();
                }
                return failed(request, response, delivery.failure());
            }
            if (mailbox.resumeNeeded()) {
                upstream.resume();
            }
            if (delivery.ended()) {
                succeeded(response);
                return false;
            }
            if (out != null && !mailbox.pending()) {
                // Pass on what has arrived before waiting for the server again: a live body (server-sent
                // events, a long download) reaches the client as the server sends it.
                out.flush();
            }
        }
    }

    /**
     * Streams the client's body to the server once the connection stands (so that a failed connection can
     * still be retried), at most {@link #BODY_CHUNKS_IN_FLIGHT} chunks ahead of what the server took.
     */
    private void sendBody(HttpServletRequest request) throws IOException {
        InputStream in = ClientStreams.requestBody(request.getInputStream(), exchange);
        Semaphore inFlight = new Semaphore(BODY_CHUNKS_IN_FLIGHT);
        byte[] buffer = new byte[BODY_CHUNK_BYTES];
        int n;
        try {
            while ((n = in.read(buffer)) >= 0) {
                if (n == 0) {
                    continue;
                }
                awaitPermit(inFlight);
                byte[] chunk = new byte[n];
                System.arraycopy(buffer, 0, chunk, 0, n);
                upstream.body(ByteBuffer.wrap(chunk), inFlight::release);
            }
        } catch (ClientAbortedException e) {
            upstream.abort("the client stopped sending its body");
            throw e;
        }
        upstream.endBody();
    }

    private static void awaitPermit(Semaphore inFlight) throws ClientAbortedException {
        try {
            // Bounded: a server that takes nothing fails the exchange after timeout server, which frees it.
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ClientAbortedException(new java.io.InterruptedIOException("interrupted while sending the body"));
        }
    }

    private boolean failed(HttpServletRequest request, HttpServletResponse response, UpstreamFailure failure)
            throws IOException {
        Verdict verdict = FailureClassifier.classify(failure, response.isCommitted(), "backend " + backend.name()
                + ": server " + server.name());
        if (verdict.observation() != null) {
            exchange.runtime.health().observe(backend.name(), server.name(), verdict.observation());
        }
        if (verdict instanceof Verdict.Retry retry) {
            return retry(request, response, retry);
        }
        releaseLease();
        if (verdict instanceof Verdict.Answer answer) {
            countResponseError();
            answer(response, answer.page(), answer.termination(), answer.detail());
        } else if (verdict instanceof Verdict.Cut cut) {
            countResponseError();
            exchange.termination = cut.termination();
            String message = "backend " + backend.name() + ": server " + server.name() + " failed after "
                    + exchange.bytesOut + " response byte(s) reached the client (" + cut.cause()
                    + "); client connection cut";
            LOG.warning(message);
            boolean cutDone = ClientConnection.cut(response);
            finish(response, false);
            if (!cutDone) {
                // No way to cut on this server: an exception without a stack trace makes the container close.
                throw new UpstreamAbortedException(message);
            }
        } else if (verdict instanceof Verdict.ClientGone gone) {
            exchange.termination = gone.termination();
            ClientConnection.cut(response);
            finish(response, false);
        }
        return false;
    }

    /** HAProxy's retries: the same server after a pause, or another one at once ({@code option redispatch}). */
    private boolean retry(HttpServletRequest request, HttpServletResponse response, Verdict.Retry retry)
            throws IOException {
        exchange.connectFailures.add(server.name() + " (" + server.address() + "): " + retry.failure());
        exchange.serverCounters.connectionError();
        exchange.backendCounters.connectionError();
        releaseLease();
        if (attempt > backend.retries() || exchange.requestBodyStarted()) {
            answer(response, ErrorPage.SERVICE_UNAVAILABLE, Termination.SERVER_CONNECTION_FAILED,
                    "backend " + backend.name() + ": cannot connect after " + attempt + " attempt(s): "
                            + String.join("; ", exchange.connectFailures));
            return false;
        }
        exchange.retries = attempt;
        exchange.backendCounters.retry();
        exchange.serverCounters.retry();
        failed.add(server.name());
        excluded.clear();
        step = Step.ACQUIRE;
        if (policy.redispatchBefore(attempt)) {
            excluded.addAll(failed);
            exchange.backendCounters.redispatch();
            return true;
        }
        // The same server again, after HAProxy's turn-around pause, without holding the thread meanwhile.
        backend.servers().forEach(s -> excluded.add(s.name()));
        excluded.remove(server.name());
        synchronized (this) {
            retryDue = true;
        }
        services.timer().schedule(() -> decided(() -> retryDue = false),
                RetryPolicy.turnAround(backend.timeouts().effectiveConnect()).toNanos(), TimeUnit.NANOSECONDS);
        return true;
    }

    private void succeeded(HttpServletResponse response) {
        int status = response.getStatus();
        exchange.serverCounters.response(status);
        if (status >= 500) {
            exchange.runtime.health().observe(backend.name(), server.name(), Observation.SERVER_ERROR);
        }
        releaseLease();
        finish(response, false);
    }

    private void answer(HttpServletResponse response, ErrorPage page, Termination termination, String detail)
            throws IOException {
        exchange.termination = termination;
        page.send(response, detail);
        finish(response, false);
    }

    private void countResponseError() {
        exchange.serverCounters.responseError();
        exchange.backendCounters.responseError();
    }

    /** The client left or stalled past {@code timeout client}: nothing to answer; like HAProxy, close. */
    private void clientGone(HttpServletResponse response, ClientAbortedException e) {
        exchange.termination = exchange.responseMillis < 0 ? Termination.CLIENT_GONE_BEFORE_HEAD
                : Termination.CLIENT_GONE_DURING_DATA;
        if (upstream != null) {
            upstream.abort("the client went away");
        }
        releaseLease();
        // Returning would let the container end the response normally (an empty 200, or a chunked body
        // that looks complete); like HAProxy, close instead.
        ClientConnection.cut(response);
        finish(response, false);
    }

    // --- waits and the end -----------------------------------------------------------------------------

    /** A wait's outcome, from another thread: recorded, then the request woken. */
    private void decided(Runnable record) {
        boolean gone;
        synchronized (this) {
            record.run();
            gone = finished;
        }
        if (gone) {
            giveBack();
        } else {
            parking.wake();
        }
    }

    /** The container ended the request while it was parked (the client went away). */
    private void abandoned(String why) {
        if (upstream != null) {
            upstream.abort(why);
        }
        synchronized (this) {
            if (exchange.termination == Termination.NORMAL) {
                exchange.termination = exchange.responseMillis < 0 ? Termination.CLIENT_GONE_BEFORE_HEAD
                        : Termination.CLIENT_GONE_DURING_DATA;
            }
        }
        finish(null, true);
    }

    private void releaseLease() {
        if (lease != null) {
            lease.release();
            lease = null;
        }
    }

    /** Outcomes decided after the request ended: their slots go back. */
    private void giveBack() {
        Optional<ConcurrencyLimit.Permit> permit;
        Acquisition granted;
        synchronized (this) {
            permit = admission;
            admission = Optional.empty();
            granted = acquisition;
            acquisition = null;
        }
        if (permit != null && permit.isPresent() && permit.get() != frontendSlot) {
            permit.get().release();
        }
        if (granted instanceof Acquisition.Granted g) {
            g.lease().release();
        }
    }

    /** Once: the slots go back, the traffic is counted and the request logged. */
    private void finish(HttpServletResponse response, boolean abandoned) {
        synchronized (this) {
            if (finished) {
                return;
            }
            finished = true;
        }
        step = Step.DONE;
        releaseLease();
        if (frontendSlot != null) {
            frontendSlot.release();
        }
        giveBack();
        services.ended(exchange, response != null ? response.getStatus() : 0);
    }
}
