package org.lodestar.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class RateCounterTest {
    private static final long T0 = 1_700_000_000_000L; // a whole second, as epoch millis

    private final RateCounter counter = new RateCounter();

    private void events(int n, long atMillis) {
        for (int i = 0; i < n; i++) {
            counter.event(atMillis);
        }
    }

    @Test
    void countsTheEventsOfTheCurrentSecond() {
        events(3, T0 + 100);
        events(2, T0 + 900);
        assertEquals(5, counter.rate(T0 + 950));
        assertEquals(5, counter.max());
    }

    @Test
    void thePreviousSecondFadesOutAsTheSlidingSecondLeavesIt() {
        events(10, T0 + 500);
        assertEquals(10, counter.rate(T0 + 1000), "a full second later the whole previous second still counts");
        assertEquals(7, counter.rate(T0 + 1300));
        events(1, T0 + 1300);
        assertEquals(8, counter.rate(T0 + 1300), "one event now plus 70% of the previous second");
        assertEquals(1, counter.rate(T0 + 1999));
        assertEquals(1, counter.rate(T0 + 2000), "the second with one event is now the previous one");
        assertEquals(0, counter.rate(T0 + 3000));
    }

    @Test
    void aQuietGapForgetsOldSeconds() {
        events(4, T0);
        events(1, T0 + 5000);
        assertEquals(1, counter.rate(T0 + 5000), "the 4 events are 5 s old");
    }

    @Test
    void aLateEventFromThePreviousSecondCountsInTheCurrentOne() {
        events(3, T0 + 1001);
        events(1, T0 + 999);
        assertEquals(4, counter.rate(T0 + 1002), "the three events of the new second are not dropped");
        assertEquals(4, counter.max());
    }

    @Test
    void maxIsTheBusiestSecond() {
        events(4, T0);
        events(2, T0 + 1000);
        events(6, T0 + 2000);
        events(1, T0 + 3000);
        assertEquals(6, counter.max());
        assertEquals(0, new RateCounter().max());
    }

    @Test
    void concurrentEventsInOneSecondAreAllCounted() throws InterruptedException {
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 8; t++) {
            Thread thread = new Thread(() -> events(10_000, T0 + 10));
            thread.start();
            threads.add(thread);
        }
        for (Thread thread : threads) {
            thread.join();
        }
        assertEquals(80_000, counter.rate(T0 + 20));
        assertEquals(80_000, counter.max());
    }

    @Test
    void trafficCountersFeedTheSessionRateFromSessions() {
        TrafficCounters counters = new TrafficCounters();
        counters.session(T0 + 10);
        counters.session(T0 + 20);
        assertEquals(2, counters.rate(T0 + 30));
        assertEquals(2, counters.rateMax());
        assertEquals(2, counters.sessionsTotal());
        assertEquals(0, counters.rate(T0 + 2500));
    }
}
