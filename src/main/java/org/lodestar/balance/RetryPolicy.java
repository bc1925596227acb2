package org.lodestar.balance;

import java.time.Duration;
import org.lodestar.config.Backend;

/**
 * How often a request may be retried after a failed connection, and when a retry should go to another
 * server instead of the same one ({@code option redispatch}).
 *
 * @param retries    retries after the first attempt
 * @param redispatch whether and on which retries to change server
 */
public record RetryPolicy(int retries, Backend.Redispatch redispatch) {
    /** HAProxy waits at most this long before retrying the same server. */
    private static final Duration MAX_TURN_AROUND = Duration.ofSeconds(1);

    public static RetryPolicy of(Backend backend) {
        return new RetryPolicy(backend.retries(), backend.redispatch());
    }

    /** The first attempt plus the retries. */
    public int maxAttempts() {
        return retries + 1;
    }

    /**
     * Whether retry number {@code retryNumber} (1 for the first retry) goes to another server. A
     * positive interval P redispatches every P-th retry; a negative N redispatches the retry |N| - 1
     * before the last (-1: the last one); 0 never redispatches, as in HAProxy.
     */
    public boolean redispatchBefore(int retryNumber) {
        if (retryNumber < 1 || retryNumber > retries) {
            throw new IllegalArgumentException("retry " + retryNumber + " is outside 1.." + retries);
        }
        int interval = redispatch.interval();
        if (!redispatch.enabled() || interval == 0) {
            return false;
        }
        return interval > 0 ? retryNumber % interval == 0 : retryNumber == retries + 1 + interval;
    }

    /**
     * The pause before retrying the same server, so a server that just refused is not hammered: the
     * connect timeout, capped at one second. A redispatched retry goes at once.
     */
    public static Duration turnAround(Duration connectTimeout) {
        return connectTimeout.compareTo(MAX_TURN_AROUND) < 0 ? connectTimeout : MAX_TURN_AROUND;
    }
}
