package org.lodestar.proxy;

import org.lodestar.health.Observation;

/** What the proxy does about a failed exchange with a server ({@link FailureClassifier}). */
sealed interface Verdict {
    /** What live traffic tells the health checks about the server. */
    Observation observation();

    /**
     * No connection, or one closed before a byte of response to a request without a body: another attempt
     * may follow ({@code retries}, {@code option redispatch}); counted as {@code econ}.
     *
     * @param failure why, as the final 503 page lists it
     */
    record Retry(String failure, Observation observation) implements Verdict {
    }

    /** Nothing reached the client yet: it gets {@code page} with {@code detail}; counted as {@code eresp}. */
    record Answer(ErrorPage page, Termination termination, String detail, Observation observation)
            implements Verdict {
    }

    /**
     * The response had started: the client connection is cut, so that a truncated body never looks whole;
     * counted as {@code eresp}.
     */
    record Cut(Termination termination, String cause, Observation observation) implements Verdict {
    }

    /** The client went away: nothing to answer, nothing to blame on the server. */
    record ClientGone(Termination termination) implements Verdict {
        @Override
        public Observation observation() {
            return null;
        }
    }
}
