package org.lodestar.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.lodestar.config.Backend;
import org.lodestar.config.Backend.Redispatch;
import org.lodestar.testing.Fixtures;

class RetryPolicyTest {

    /** The retry numbers, 1..retries, on which the policy changes server. */
    private static List<Integer> redispatchedRetries(int retries, Redispatch redispatch) {
        RetryPolicy policy = new RetryPolicy(retries, redispatch);
        return IntStream.rangeClosed(1, retries).filter(policy::redispatchBefore).boxed().toList();
    }

    @Test
    void attemptsAreTheFirstPlusTheRetries() {
        assertEquals(4, new RetryPolicy(3, Redispatch.OFF).maxAttempts());
        assertEquals(1, new RetryPolicy(0, Redispatch.OFF).maxAttempts());
    }

    @Test
    void takenFromTheBackend() {
        Backend backend = Fixtures.backend("be").servers(Fixtures.server("a")).build();
        assertEquals(new RetryPolicy(Backend.DEFAULT_RETRIES, Redispatch.OFF), RetryPolicy.of(backend));
    }

    @Test
    void disabledNeverRedispatches() {
        assertEquals(List.of(), redispatchedRetries(5, new Redispatch(false, 1)));
    }

    @Test
    void zeroIntervalNeverRedispatches() {
        assertEquals(List.of(), redispatchedRetries(5, new Redispatch(true, 0)));
    }

    @Test
    void positiveIntervalRedispatchesEveryPthRetry() {
        assertEquals(List.of(1, 2, 3), redispatchedRetries(3, new Redispatch(true, 1)));
        assertEquals(List.of(3, 6), redispatchedRetries(7, new Redispatch(true, 3)));
    }

    @Test
    void negativeIntervalCountsBackFromTheLastRetry() {
        assertEquals(List.of(3), redispatchedRetries(3, new Redispatch(true, -1)));
        assertEquals(List.of(2), redispatchedRetries(3, new Redispatch(true, -2)));
        assertEquals(List.of(1), redispatchedRetries(3, new Redispatch(true, -3)));
        assertEquals(List.of(), redispatchedRetries(3, new Redispatch(true, -4)));
    }

    @Test
    void retryNumbersOutsideTheRangeAreErrors() {
        RetryPolicy policy = new RetryPolicy(3, new Redispatch(true, -1));
        assertThrows(IllegalArgumentException.class, () -> policy.redispatchBefore(0));
        assertThrows(IllegalArgumentException.class, () -> policy.redispatchBefore(4));
    }

    @Test
    void turnAroundIsTheConnectTimeoutCappedAtOneSecond() {
        assertEquals(Duration.ofMillis(200), RetryPolicy.turnAround(Duration.ofMillis(200)));
        assertEquals(Duration.ofSeconds(1), RetryPolicy.turnAround(Duration.ofSeconds(5)));
    }
}
