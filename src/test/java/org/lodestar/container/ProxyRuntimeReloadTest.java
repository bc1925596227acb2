package org.lodestar.container;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.time.Clock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.lodestar.config.ConfigException;
import org.lodestar.config.ConfigParser;
import org.lodestar.server.AdminMode;
import org.lodestar.server.ServerKey;
import org.lodestar.server.ServerStatus;
import org.lodestar.state.AdminCommand;
import org.lodestar.state.ServerSettings;

class ProxyRuntimeReloadTest {
    private static final String BEFORE = """
            defaults
              mode http
              timeout connect 1s
            frontend F
              bind :80
              default_backend B
            backend B
              server s1 127.0.0.1:9001 weight 10
              server s2 127.0.0.1:9002 weight 10
              server gone 127.0.0.1:9003
            """;

    private static ProxyRuntime runtime(String text) throws ConfigException {
        return new ProxyRuntime(ConfigParser.parse("t.cfg", text), Clock.systemUTC());
    }

    private static Map<String, Integer> weights(ProxyRuntime runtime) {
        return runtime.servers().of("B").stream()
                .collect(Collectors.toMap(status -> status.server().name(), ServerStatus::weight));
    }

    @Test
    void countersGoOnAcrossAReload() throws ConfigException {
        ProxyRuntime before = runtime(BEFORE);
        before.stats().frontend("F").requestError();
        before.stats().server("B", "s1").connectionError();
        ProxyRuntime after = new ProxyRuntime(ConfigParser.parse("t.cfg", BEFORE), Clock.systemUTC(), before);
        assertSame(before.stats(), after.stats());
        assertEquals(1, after.stats().frontend("F").requestErrors());
        assertEquals(1, after.stats().server("B", "s1").connectionErrors());
        assertNotSame(before.pools().get("B"), after.pools().get("B"), "a fresh pool for the new configuration");
    }

    @Test
    void adminSettingsSurviveAReloadOfServersThatStillExist() throws ConfigException {
        ProxyRuntime before = runtime(BEFORE);
        before.administration().apply(List.of(new ServerKey("B", "s1")), new AdminCommand.SetWeight(3), "ops");
        before.administration().apply(List.of(new ServerKey("B", "gone")), new AdminCommand.SetWeight(0), "ops");
        before.administration().apply(List.of(new ServerKey("B", "s1")), new AdminCommand.SetMode(AdminMode.DRAIN), "ops");
        String changed = BEFORE.replace("server s2 127.0.0.1:9002 weight 10", "server s2 127.0.0.1:9002 weight 20")
                .replace("  server gone 127.0.0.1:9003\n", "  server added 127.0.0.1:9004 weight 5\n");
        ProxyRuntime after = new ProxyRuntime(ConfigParser.parse("t.cfg", changed), Clock.systemUTC(), before);
        assertEquals(Map.of("s1", 3, "s2", 20, "added", 5), weights(after),
                "s1 keeps its run-time weight, s2 takes its new configured one, the new server its own");
        assertEquals(Optional.of(AdminMode.DRAIN),
                after.administration().settings(new ServerKey("B", "s1")).map(ServerSettings::mode),
                "s1 is still drained");
    }

    @Test
    void statsUsersComeFromTheNewConfiguration() throws ConfigException {
        ProxyRuntime before = runtime(BEFORE);
        String withUser = BEFORE.replace("defaults\n", "defaults\n  stats enable\n  stats auth ops:pw\n");
        ProxyRuntime after = new ProxyRuntime(ConfigParser.parse("t.cfg", withUser), Clock.systemUTC(), before);
        assertEquals(List.of(), before.statsAccess().authenticate("ops", "pw"));
        assertEquals(1, after.statsAccess().authenticate("ops", "pw").size());
    }
}
