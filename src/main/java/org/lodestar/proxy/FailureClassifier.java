package org.lodestar.proxy;

import org.lodestar.health.Observation;
import org.lodestar.upstream.UpstreamFailure;

/**
 * Decides, for an exchange with a server that failed, what HAProxy would do: retry (a failed connection, or
 * a connection closed before any answer to a request without a body), answer 502/504 while nothing has
 * reached the client, or cut the client connection once something has. Pure: the termination state, the
 * page and the health observation depend only on the failure and where the exchange stood.
 */
final class FailureClassifier {
    private FailureClassifier() {
    }

    /**
     * @param committed whether the response head has reached the client
     * @param server {@code backend B: server S}, how pages name the server
     */
    static Verdict classify(UpstreamFailure failure, boolean committed, String server) {
        if (failure instanceof UpstreamFailure.ConnectFailed connect) {
            return new Verdict.Retry(connect.message(), Observation.CONNECT_FAILURE);
        }
        if (failure instanceof UpstreamFailure.NoResponse none) {
            return none.bodySent() ? invalid(none.message(), committed, server)
                    : new Verdict.Retry(none.message(), Observation.CONNECT_FAILURE);
        }
        if (failure instanceof UpstreamFailure.HeadTimeout timeout) {
            return new Verdict.Answer(ErrorPage.GATEWAY_TIMEOUT, Termination.SERVER_TIMEOUT_HEAD,
                    server + " did not answer within " + afterWithin(timeout.message()), Observation.INVALID_RESPONSE);
        }
        if (failure instanceof UpstreamFailure.BodyTimeout timeout) {
            return committed
                    ? new Verdict.Cut(Termination.SERVER_TIMEOUT_DATA, timeout.message(), Observation.INVALID_RESPONSE)
                    : new Verdict.Answer(ErrorPage.GATEWAY_TIMEOUT, Termination.SERVER_TIMEOUT_HEAD,
                            server + " " + timeout.message(), Observation.INVALID_RESPONSE);
        }
        if (failure instanceof UpstreamFailure.Aborted) {
            return new Verdict.ClientGone(committed ? Termination.CLIENT_GONE_DURING_DATA
                    : Termination.CLIENT_GONE_BEFORE_HEAD);
        }
        return invalid(failure.message(), committed, server); // Invalid, Cut
    }

    private static Verdict invalid(String message, boolean committed, String server) {
        return committed
                ? new Verdict.Cut(Termination.SERVER_BROKE_DATA, message, Observation.INVALID_RESPONSE)
                : new Verdict.Answer(ErrorPage.BAD_GATEWAY, Termination.SERVER_BROKE_HEAD,
                        server + " sent an invalid response (" + message + ")", Observation.INVALID_RESPONSE);
    }

    /** "no complete response head within timeout server (N ms)" → "timeout server (N ms)". */
    private static String afterWithin(String message) {
        int at = message.indexOf("timeout server");
        return at >= 0 ? message.substring(at) : message;
    }
}
