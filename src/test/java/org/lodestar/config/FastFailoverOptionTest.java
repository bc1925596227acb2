package org.lodestar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class FastFailoverOptionTest {
    private static HealthCheck.FastFailover of(String text) throws ConfigException {
        return Cfg.parse(text).backend("be").orElseThrow().healthCheck().fastFailover();
    }

    @Test
    void enabledByDefaultWithTheDefaultInterval() throws ConfigException {
        assertEquals(HealthCheck.FastFailover.DEFAULT, of("backend be\n  server s 127.0.0.1:80 check\n"));
    }

    @Test
    void noOptionRestoresHaproxyBehaviourAndIsInheritedFromDefaults() throws ConfigException {
        HealthCheck.FastFailover off = of("defaults\n  no option lodestar-fast-failover\n"
                + "backend be\n  option httpchk GET /\n  server s 127.0.0.1:80 check\n");
        assertFalse(off.enabled());
    }

    @Test
    void intervalCanBeSet() throws ConfigException {
        HealthCheck.FastFailover fast = of("backend be\n  option lodestar-fast-failover 100ms\n"
                + "  server s 127.0.0.1:80 check\n");
        assertTrue(fast.enabled());
        assertEquals(Duration.ofMillis(100), fast.interval());
    }

    @Test
    void zeroIntervalAndFrontendUseAreErrors() {
        List<String> errors = Cfg.errors("frontend fe\n  option lodestar-fast-failover\n  default_backend be\n"
                + "backend be\n  option lodestar-fast-failover 0\n  server s 127.0.0.1:80\n");
        assertEquals(2, errors.size(), errors.toString());
        assertTrue(errors.get(0).startsWith("t.cfg:2: "), errors.toString());
        assertTrue(errors.get(1).startsWith("t.cfg:5: ") && errors.get(1).contains("above 0"), errors.toString());
    }
}
