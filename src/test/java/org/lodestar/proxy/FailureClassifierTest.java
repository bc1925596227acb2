package org.lodestar.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import org.lodestar.health.Observation;
import org.lodestar.upstream.UpstreamFailure;

class FailureClassifierTest {
    private static final String SERVER = "backend B: server s1";

    private static Verdict before(UpstreamFailure failure) {
        return FailureClassifier.classify(failure, false, SERVER);
    }

    private static Verdict after(UpstreamFailure failure) {
        return FailureClassifier.classify(failure, true, SERVER);
    }

    @Test
    void failedConnectionsAreRetriedAndTellTheChecks() {
        assertEquals(new Verdict.Retry("connection refused", Observation.CONNECT_FAILURE), before(
                new UpstreamFailure.ConnectFailed(UpstreamFailure.ConnectFailed.Reason.REFUSED, "connection refused")));
    }

    @Test
    void aConnectionClosedBeforeAnyAnswerIsRetriedOnlyWhenNoBodyWasSent() {
        assertEquals(new Verdict.Retry("kept-alive connection closed", Observation.CONNECT_FAILURE),
                before(new UpstreamFailure.NoResponse(true, false, "kept-alive connection closed")));
        assertEquals(new Verdict.Answer(ErrorPage.BAD_GATEWAY, Termination.SERVER_BROKE_HEAD,
                        SERVER + " sent an invalid response (closed)", Observation.INVALID_RESPONSE),
                before(new UpstreamFailure.NoResponse(true, true, "closed")));
    }

    @Test
    void noHeadInTimeGives504() {
        assertEquals(new Verdict.Answer(ErrorPage.GATEWAY_TIMEOUT, Termination.SERVER_TIMEOUT_HEAD,
                        SERVER + " did not answer within timeout server (1500 ms)", Observation.INVALID_RESPONSE),
                before(new UpstreamFailure.HeadTimeout("no complete response head within timeout server (1500 ms)")));
    }

    @Test
    void failuresOnceTheResponseStartedCutTheClientConnection() {
        assertEquals(new Verdict.Cut(Termination.SERVER_TIMEOUT_DATA, "stalled", Observation.INVALID_RESPONSE),
                after(new UpstreamFailure.BodyTimeout("stalled")));
        assertEquals(new Verdict.Cut(Termination.SERVER_BROKE_DATA, "reset", Observation.INVALID_RESPONSE),
                after(new UpstreamFailure.Cut("reset")));
        assertEquals(new Verdict.Cut(Termination.SERVER_BROKE_DATA, "bad chunk", Observation.INVALID_RESPONSE),
                after(new UpstreamFailure.Invalid("bad chunk", true)));
    }

    @Test
    void invalidBeforeTheResponseStartedGives502() {
        assertEquals(new Verdict.Answer(ErrorPage.BAD_GATEWAY, Termination.SERVER_BROKE_HEAD,
                        SERVER + " sent an invalid response (not HTTP)", Observation.INVALID_RESPONSE),
                before(new UpstreamFailure.Invalid("not HTTP", false)));
    }

    @Test
    void aServerNotTakingTheRequestBodyGives504() {
        assertEquals(new Verdict.Answer(ErrorPage.GATEWAY_TIMEOUT, Termination.SERVER_TIMEOUT_HEAD,
                        SERVER + " took nothing", Observation.INVALID_RESPONSE),
                before(new UpstreamFailure.BodyTimeout("took nothing")));
    }

    @Test
    void aClientThatLeftIsNoServerFailure() {
        assertEquals(new Verdict.ClientGone(Termination.CLIENT_GONE_BEFORE_HEAD),
                before(new UpstreamFailure.Aborted("gone")));
        assertEquals(new Verdict.ClientGone(Termination.CLIENT_GONE_DURING_DATA),
                after(new UpstreamFailure.Aborted("gone")));
    }
}
