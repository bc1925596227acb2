package org.lodestar.health;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.ProtocolException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import java.util.Optional;
import org.lodestar.server.CheckCode;
import org.lodestar.server.CheckResult;

/**
 * Turns check exceptions into results. {@link #classifyHttp} maps an exception from an HTTP check
 * to HAProxy's code. The JAX-RS client wraps I/O errors in
 * {@code ProcessingException} (and the runner's executor in {@code ExecutionException}), so the
 * cause chain is searched for the first {@link IOException}. The JDK tells a connect timeout from a
 * read timeout only by the message of {@link SocketTimeoutException}.
 */
final class CheckFailures {
    private CheckFailures() {
    }

    static CheckResult classifyHttp(Throwable failure, long durationMillis) {
        Optional<IOException> io = firstIoException(failure);
        if (io.isEmpty()) {
            // Not an I/O error: the client could not make sense of what it received.
            return CheckResult.failedWithoutResponse(CheckCode.L7RSP, durationMillis,
                    "Invalid response: " + describe(innermost(failure)));
        }
        IOException cause = io.get();
        return CheckResult.failedWithoutResponse(codeOf(cause), durationMillis, describe(cause));
    }

    private static CheckCode codeOf(IOException cause) {
        String message = String.valueOf(cause.getMessage()).toLowerCase(Locale.ROOT);
        if (cause instanceof ConnectException || cause instanceof NoRouteToHostException
                || cause instanceof UnknownHostException) {
            return CheckCode.L4CON;
        }
        if (cause instanceof SocketTimeoutException) {
            return message.contains("connect") ? CheckCode.L4TOUT : CheckCode.L7TOUT;
        }
        if (cause instanceof ProtocolException || cause instanceof EOFException
                || message.contains("end of file") || message.contains("invalid http")) {
            return CheckCode.L7RSP;
        }
        return CheckCode.SOCKERR;
    }

    private static Optional<IOException> firstIoException(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof IOException io) {
                return Optional.of(io);
            }
        }
        return Optional.empty();
    }

    private static Throwable innermost(Throwable failure) {
        Throwable t = failure;
        while (t.getCause() != null && t.getCause() != t) {
            t = t.getCause();
        }
        return t;
    }

    /** A plain description of a failure: its message, or its type when it has none. */
    static String describe(Throwable failure) {
        String message = failure.getMessage();
        return message == null || message.isBlank() ? failure.getClass().getSimpleName() : message;
    }
}
