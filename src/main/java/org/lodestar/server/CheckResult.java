package org.lodestar.server;

import java.util.Objects;

/**
 * What one health check found.
 *
 * @param code           HAProxy's name for the outcome
 * @param passed         whether the check counts as a success for the rise/fall counter
 * @param httpCode       the HTTP status received, or {@link #NO_HTTP_CODE} when there was no
 *                       HTTP response (TCP checks, connection errors, timeouts)
 * @param durationMillis time the check took, from the start of the connect to the verdict
 * @param description    short plain-text explanation; may quote text sent by the backend (the status
 *                       reason), so whoever renders it must escape it
 * @param reported       the state the server reported of itself in the response ({@code http-check
 *                       lodestar-report}), e.g. {@code RECOVERING}; "" when none was found or asked for. Sent
 *                       by the backend: whoever renders it must escape it
 */
public record CheckResult(CheckCode code, boolean passed, int httpCode, long durationMillis,
                          String description, String reported) implements TransitionCause {
    public static final int NO_HTTP_CODE = -1;

    public CheckResult {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(reported, "reported");
        if (durationMillis < 0) {
            throw new IllegalArgumentException("negative duration " + durationMillis);
        }
        // The code and the verdict must tell the same story, or the dashboard would contradict the state.
        if (passed != (code == CheckCode.L4OK || code == CheckCode.L7OK)) {
            throw new IllegalArgumentException(code + " cannot be passed=" + passed);
        }
    }

    /** A result without a reported state. */
    public CheckResult(CheckCode code, boolean passed, int httpCode, long durationMillis, String description) {
        this(code, passed, httpCode, durationMillis, description, "");
    }

    /** This result with the state the server reported, also named at the end of the description. */
    public CheckResult reporting(String state) {
        return state.isEmpty() ? this
                : new CheckResult(code, passed, httpCode, durationMillis, description + ", reports " + state, state);
    }

    /** A successful check that saw an HTTP response. */
    public static CheckResult httpPassed(int httpCode, long durationMillis, String description) {
        return new CheckResult(CheckCode.L7OK, true, httpCode, durationMillis, description);
    }

    /** An HTTP response arrived but did not satisfy the expectations ({@code L7STS} or {@code L7RSP}). */
    public static CheckResult httpFailed(CheckCode code, int httpCode, long durationMillis, String description) {
        return new CheckResult(code, false, httpCode, durationMillis, description);
    }

    /** A TCP connect that succeeded: the whole check when there is no {@code option httpchk}. */
    public static CheckResult connected(long durationMillis) {
        return new CheckResult(CheckCode.L4OK, true, NO_HTTP_CODE, durationMillis, "Layer4 check passed");
    }

    /** A failure before any HTTP response was understood: connect errors, timeouts, garbage. */
    public static CheckResult failedWithoutResponse(CheckCode code, long durationMillis, String description) {
        return new CheckResult(code, false, NO_HTTP_CODE, durationMillis, description);
    }
}
