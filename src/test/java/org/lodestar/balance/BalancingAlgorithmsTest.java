package org.lodestar.balance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lodestar.balance.PoolTesting.grant;
import static org.lodestar.balance.PoolTesting.pick;
import static org.lodestar.balance.PoolTesting.pool;
import static org.lodestar.testing.Fixtures.server;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.lodestar.config.Backend.Balance;

class BalancingAlgorithmsTest {

    private static Map<String, Integer> count(List<String> names) {
        Map<String, Integer> counts = new TreeMap<>();
        names.forEach(name -> counts.merge(name, 1, Integer::sum));
        return counts;
    }

    /** Takes {@code n} slots without releasing any. */
    private static List<String> hold(ServerPool pool, int n) {
        List<String> names = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            names.add(grant(pool).server().name());
        }
        return names;
    }

    @Nested
    class RoundRobin {
        @Test
        void sharesExactlyByWeight() {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").weight(3), server("b").weight(1));
            List<String> picks = new ArrayList<>();
            for (int i = 0; i < 400; i++) {
                picks.add(pick(pool, "client"));
            }
            assertEquals(Map.of("a", 300, "b", 100), count(picks));
        }

        @Test
        void interleavesRatherThanBursts() {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a").weight(3), server("b").weight(1));
            List<String> picks = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                picks.add(pick(pool, "client"));
            }
            assertEquals(List.of("a", "a", "b", "a", "a", "a", "b", "a"), picks);
        }

        @Test
        void equalWeightsAlternate() {
            ServerPool pool = pool(Balance.ROUNDROBIN, server("a"), server("b"), server("c"));
            assertEquals(List.of("a", "b", "c", "a", "b", "c"), hold(pool, 6));
        }
    }

    @Nested
    class LeastConn {
        @Test
        void picksTheIdleServer() {
            ServerPool pool = pool(Balance.LEASTCONN, server("a"), server("b"), server("c"));
            grant(pool);
            grant(pool);
            Lease onC = grant(pool);
            onC.release();
            assertEquals("c", pick(pool, "client"));
        }

        @Test
        void loadIsRelativeToWeight() {
            ServerPool pool = pool(Balance.LEASTCONN, server("a").weight(3), server("b").weight(1));
            assertEquals(Map.of("a", 6, "b", 2), count(hold(pool, 8)));
        }

        @Test
        void tiesTakeTurns() {
            ServerPool pool = pool(Balance.LEASTCONN, server("a"), server("b"), server("c"));
            List<String> picks = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                picks.add(pick(pool, "client"));
            }
            assertEquals(List.of("a", "b", "c", "a", "b", "c"), picks);
        }
    }

    @Nested
    class First {
        @Test
        void alwaysTheFirstServerWhileItHasRoom() {
            ServerPool pool = pool(Balance.FIRST, server("a"), server("b"));
            assertEquals(Map.of("a", 5), count(hold(pool, 5)));
        }

        @Test
        void fillsServersOneAfterAnother() {
            ServerPool pool = pool(Balance.FIRST, server("a").maxconn(2), server("b").maxconn(2), server("c"));
            List<Lease> leases = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                leases.add(grant(pool));
            }
            assertEquals(List.of("a", "a", "b", "b", "c"), leases.stream().map(l -> l.server().name()).toList());
            leases.get(0).release();
            assertEquals("a", grant(pool).server().name());
        }
    }

    @Nested
    class Source {
        @Test
        void sameClientSameServer() {
            ServerPool pool = pool(Balance.SOURCE, server("a"), server("b"), server("c"));
            for (int i = 0; i < 50; i++) {
                String client = "192.168.1." + i;
                String first = pick(pool, client);
                for (int again = 0; again < 5; again++) {
                    assertEquals(first, pick(pool, client), client);
                }
            }
        }

        @Test
        void clientsSpreadAcrossServers() {
            ServerPool pool = pool(Balance.SOURCE, server("a"), server("b"), server("c"));
            List<String> picks = new ArrayList<>();
            for (int i = 0; i < 300; i++) {
                picks.add(pick(pool, "10.0." + i / 256 + "." + i % 256));
            }
            Map<String, Integer> counts = count(picks);
            assertEquals(3, counts.size(), counts.toString());
            counts.values().forEach(n -> assertTrue(n >= 60 && n <= 140, counts.toString()));
        }

        @Test
        void clientsSpreadByWeight() {
            ServerPool pool = pool(Balance.SOURCE, server("a").weight(3), server("b").weight(1));
            List<String> picks = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                picks.add(pick(pool, "10.1." + i / 256 + "." + i % 256));
            }
            int onA = count(picks).get("a");
            assertTrue(onA >= 1350 && onA <= 1650, "a got " + onA + " of 2000");
        }
    }
}
