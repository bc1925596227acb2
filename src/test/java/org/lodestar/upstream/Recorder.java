package org.lodestar.upstream;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** A {@link ResponseHandler} that records the outcome, to be awaited (bounded). */
final class Recorder implements ResponseHandler {
    final CompletableFuture<ResponseHead> head = new CompletableFuture<>();
    /** Completes with the body on end(), exceptionally with the failure. */
    final CompletableFuture<String> done = new CompletableFuture<>();
    private final ByteArrayOutputStream body = new ByteArrayOutputStream();
    volatile Boolean reused;
    volatile boolean pause;
    volatile int contentCalls;

    @Override
    public void connected(boolean reused, long connectNanos) {
        this.reused = reused;
    }

    @Override
    public void head(ResponseHead responseHead) {
        head.complete(responseHead);
    }

    @Override
    public synchronized boolean content(ByteBuffer content) {
        contentCalls++;
        byte[] bytes = new byte[content.remaining()];
        content.get(bytes);
        body.writeBytes(bytes);
        return !pause;
    }

    synchronized String bodySoFar() {
        return body.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void end() {
        done.complete(bodySoFar());
    }

    @Override
    public void failed(UpstreamFailure failure) {
        done.completeExceptionally(new Failed(failure));
    }

    String body() throws Exception {
        return done.get(10, TimeUnit.SECONDS);
    }

    /** The failure, awaited (bounded); fails the test if the exchange succeeded. */
    UpstreamFailure failure() throws Exception {
        try {
            String body = done.get(10, TimeUnit.SECONDS);
            throw new AssertionError("expected a failure, got a response: " + body);
        } catch (java.util.concurrent.ExecutionException e) {
            return ((Failed) e.getCause()).failure;
        }
    }

    static final class Failed extends RuntimeException {
        private static final long serialVersionUID = 1L;
        final transient UpstreamFailure failure;

        Failed(UpstreamFailure failure) {
            super(failure.toString());
            this.failure = failure;
        }
    }
}
