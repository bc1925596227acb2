package org.lodestar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

class ServerTest {
    private static List<Server> servers(String... lines) throws ConfigException {
        return Cfg.parse(Cfg.backend(lines)).backend("B").orElseThrow().servers();
    }

    @Test
    void serverWithoutOptionsGetsHaproxyDefaults() throws ConfigException {
        Server s = servers("  server s1 app.local:8080").get(0);
        assertEquals("s1", s.name());
        assertEquals("app.local", s.host());
        assertEquals(8080, s.port());
        assertEquals("app.local:8080", s.address());
        assertFalse(s.check());
        assertEquals(Duration.ofSeconds(2), s.inter());
        assertEquals(Duration.ofSeconds(2), s.fastinter());
        assertEquals(Duration.ofSeconds(2), s.downinter());
        assertEquals(2, s.rise());
        assertEquals(3, s.fall());
        assertEquals(1, s.weight());
        assertFalse(s.backup());
        assertFalse(s.disabled());
        assertEquals(0, s.maxconn());
        assertEquals(0, s.maxqueue());
        assertEquals(6, s.line());
    }

    @Test
    void everySupportedOptionIsApplied() throws ConfigException {
        Server s = servers("  server s1 10.0.0.1:80 check inter 5s fastinter 1s downinter 30s rise 4 fall 6 weight 256"
                + " backup disabled maxconn 20 maxqueue 50").get(0);
        assertTrue(s.check());
        assertEquals(Duration.ofSeconds(5), s.inter());
        assertEquals(Duration.ofSeconds(1), s.fastinter());
        assertEquals(Duration.ofSeconds(30), s.downinter());
        assertEquals(4, s.rise());
        assertEquals(6, s.fall());
        assertEquals(256, s.weight());
        assertTrue(s.backup());
        assertTrue(s.disabled());
        assertEquals(20, s.maxconn());
        assertEquals(50, s.maxqueue());
    }

    @Test
    void fastinterAndDownInterFollowInterUnlessSet() throws ConfigException {
        Server s = servers("  server s1 10.0.0.1:80 inter 7s").get(0);
        assertEquals(Duration.ofSeconds(7), s.fastinter());
        assertEquals(Duration.ofSeconds(7), s.downinter());
    }

    @Test
    void defaultServerAppliesToLaterServersAndCanBeOverridden() throws ConfigException {
        List<Server> s = servers("  server a 10.0.0.1:80", "  default-server check maxconn 5 weight 0",
                "  server b 10.0.0.1:81", "  server c 10.0.0.1:82 no-check enabled weight 3");
        assertFalse(s.get(0).check());
        assertTrue(s.get(1).check());
        assertEquals(5, s.get(1).maxconn());
        assertEquals(0, s.get(1).weight());
        assertFalse(s.get(2).check());
        assertEquals(3, s.get(2).weight());
    }

    @Test
    void bracketedIpv6AddressKeepsBracketsInHost() throws ConfigException {
        Server s = servers("  server v6 [::1]:8080").get(0);
        assertEquals("[::1]", s.host());
        assertEquals(8080, s.port());
        assertEquals("[::1]:8080", s.address());
    }

    @Test
    void environmentVariablesWorkInAddresses() throws ConfigException {
        assertEquals("10.0.0.7:8081", servers("  server s \"${HOST}:${PORT}\"").get(0).address());
    }

    @Test
    void serverErrorsNameTheServerAndTheProblem() {
        assertEquals(List.of(
                "t.cfg:6: 'server a': invalid address 'localhost' (expected <host>:<port>)",
                "t.cfg:7: 'server b': invalid port '70000' in 'h:70000' (1 to 65535)",
                "t.cfg:8: 'server c': server option 'ssl' is not supported (supported: check, no-check, inter,"
                        + " fastinter, downinter, rise, fall, weight, backup, no-backup, disabled, enabled, maxconn, maxqueue, track)",
                "t.cfg:9: 'server d': server option 'weight' expects an integer between 0 and 256, got '300'",
                "t.cfg:10: 'server e': server option 'inter' expects a time value",
                "t.cfg:11: 'server f': invalid time value 'x' (expected an integer with an optional unit us, ms, s,"
                        + " m, h or d)",
                "t.cfg:12: 'server g': invalid port '0' in 'h:0' (1 to 65535)",
                "t.cfg:14: 'server ok': duplicate server name in backend 'B' (first declared at line 13)",
                "t.cfg:15: 'server' expects a name and an address <host>:<port>"),
                Cfg.errors(Cfg.backend("  server a localhost", "  server b h:70000", "  server c h:1 ssl",
                        "  server d h:1 weight 300", "  server e h:1 inter", "  server f h:1 fall 2 inter x",
                        "  server g h:0", "  server ok h:1", "  server ok h:2", "  server x")));
    }

    @Test
    void serversAreOnlyAllowedInBackendsAndListen() {
        assertEquals(List.of("t.cfg:6: 'server' is not allowed in 'frontend' section (backend and listen only)"),
                Cfg.errors(Cfg.frontend("  server s h:1", "  default_backend B1")));
        assertEquals(List.of("t.cfg:2: 'server' is not allowed in 'defaults' section (backend and listen only)"),
                Cfg.errors("defaults\n  server s h:1\n"));
    }

    @Test
    void serverNamesAndBracketsAreChecked() {
        assertEquals(List.of(
                "t.cfg:6: 'server a/b': invalid server name",
                "t.cfg:7: 'server s': invalid address '[::1:80' (IPv6 addresses go in brackets: [::1]:8080)",
                "t.cfg:8: 'server t': invalid address '::1]:80' (IPv6 addresses go in brackets: [::1]:8080)",
                "t.cfg:9: 'server u': invalid address '[]:80' (IPv6 addresses go in brackets: [::1]:8080)"),
                Cfg.errors(Cfg.backend("  server a/b h:1", "  server s [::1:80", "  server t ::1]:80",
                        "  server u []:80")));
    }
}
