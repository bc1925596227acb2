package org.lodestar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Sections, defaults inheritance, listen, duplicates and the post-parse validation warnings. */
class SectionsTest {
    @Test
    void defaultsApplyOnlyToSectionsAfterThem() throws ConfigException {
        Config c = Cfg.parse("""
                backend EARLY
                  server s 127.0.0.1:1
                defaults
                  balance first
                  retries 7
                  timeout connect 2s
                backend LATE
                  server s 127.0.0.1:1
                """);
        Backend early = c.backend("EARLY").orElseThrow();
        Backend late = c.backend("LATE").orElseThrow();
        assertEquals(Backend.Balance.ROUNDROBIN, early.balance());
        assertEquals(3, early.retries());
        assertEquals(Optional.empty(), early.timeouts().connect());
        assertEquals(Backend.Balance.FIRST, late.balance());
        assertEquals(7, late.retries());
        assertEquals(Optional.of(Duration.ofSeconds(2)), late.timeouts().connect());
    }

    @Test
    void aNewDefaultsSectionStartsFromScratch() throws ConfigException {
        Config c = Cfg.parse("""
                defaults
                  balance source
                  option httplog
                defaults second
                  retries 1
                backend B
                  server s 127.0.0.1:1
                """);
        Backend b = c.backend("B").orElseThrow();
        assertEquals(Backend.Balance.ROUNDROBIN, b.balance());
        assertFalse(b.log().httplog());
        assertEquals(1, b.retries());
    }

    @Test
    void proxySettingsOverrideDefaultsWithoutChangingThem() throws ConfigException {
        Config c = Cfg.parse("""
                defaults
                  option forwardfor header X-Client
                  maxconn 10
                  timeout client 4s
                frontend A
                  maxconn 20
                  no option forwardfor
                  default_backend B
                frontend C
                  default_backend B
                backend B
                  server s 127.0.0.1:1
                """);
        assertEquals(20, c.frontends().get(0).maxconn());
        assertEquals(ForwardFor.DEFAULT, c.frontends().get(0).forwardFor());
        assertEquals(10, c.frontends().get(1).maxconn());
        assertEquals("X-Client", c.frontends().get(1).forwardFor().header());
        assertEquals(Optional.of(Duration.ofSeconds(4)), c.frontends().get(1).timeouts().client());
    }

    @Test
    void defaultServerAndHttpCheckAndStatsAreInherited() throws ConfigException {
        Config c = Cfg.parse("""
                defaults
                  default-server inter 3s fall 5 weight 9
                  option httpchk HEAD /health
                  http-check expect status 200
                  stats uri /st
                  stats auth admin:secret
                backend B
                  server s 127.0.0.1:1
                """);
        Backend b = c.backend("B").orElseThrow();
        Server s = b.servers().get(0);
        assertEquals(Duration.ofSeconds(3), s.inter());
        assertEquals(5, s.fall());
        assertEquals(9, s.weight());
        assertEquals("HEAD", b.healthCheck().httpchk().orElseThrow().method());
        assertEquals("200", b.healthCheck().expects().get(0).pattern());
        assertTrue(b.stats().enabled());
        assertEquals("/st", b.stats().uri());
        assertEquals("admin", b.stats().auth().get(0).user());
        assertEquals("secret", b.stats().auth().get(0).password());
    }

    @Test
    void aProxysOwnExpectRulesReplaceInheritedOnes() throws ConfigException {
        Config c = Cfg.parse("""
                defaults
                  option httpchk
                  http-check expect status 200
                backend B
                  http-check expect string OK
                  http-check expect ! string FAIL
                  server s 127.0.0.1:1
                """);
        List<HealthCheck.Expect> e = c.backend("B").orElseThrow().healthCheck().expects();
        assertEquals(List.of("OK", "FAIL"), e.stream().map(HealthCheck.Expect::pattern).toList());
        assertTrue(e.get(1).negated());
    }

    @Test
    void listenIsAFrontendRoutingToItselfAndABackend() throws ConfigException {
        Config c = Cfg.parse("""
                listen WEB
                  timeout client 1s
                  option httplog
                  balance source
                  server s 127.0.0.1:80
                """);
        Frontend f = c.frontends().get(0);
        assertEquals("WEB", f.name());
        assertEquals(Optional.of("WEB"), f.defaultBackend());
        assertTrue(f.log().httplog());
        Backend b = c.backend("WEB").orElseThrow();
        assertEquals(Backend.Balance.SOURCE, b.balance());
        assertEquals(1, b.servers().size());
    }

    @Test
    void frontendsKeepFileOrderAndBackendsAreLookedUpByName() throws ConfigException {
        Config c = Cfg.parse(Cfg.frontend("  use_backend B2 if TRUE") + "frontend G\n  default_backend B1\n  timeout client 1s\n");
        assertEquals(List.of("F", "G"), c.frontends().stream().map(Frontend::name).toList());
        assertEquals(List.of("B1", "B2"), List.copyOf(c.backends().keySet()));
    }

    @Test
    void duplicateProxyNamesAreErrorsNamingBothLines() {
        assertEquals(List.of(
                "t.cfg:5: backend 'A' has the same name as backend 'A' declared at line 1 (backend names must be unique)",
                "t.cfg:7: listen 'A' has the same name as backend 'A' declared at line 1 (backend names must be unique)",
                "t.cfg:9: frontend 'F' has the same name as frontend 'F' declared at line 3 (frontend names must be unique)"),
                Cfg.errors("""
                        backend A
                          server s 127.0.0.1:1
                        frontend F
                          default_backend A
                        backend A
                          server s 127.0.0.1:1
                        listen A
                          server s 127.0.0.1:1
                        frontend F
                          default_backend A
                        """).subList(0, 3));
    }

    @Test
    void aFrontendAndABackendMayShareAName() throws ConfigException {
        Config c = Cfg.parse("frontend X\n  default_backend X\n  timeout client 1s\nbackend X\n  server s 127.0.0.1:1\n");
        assertEquals(Optional.of("X"), c.frontends().get(0).defaultBackend());
    }

    @Test
    void keywordBeforeAnySectionIsAnError() {
        assertEquals(List.of("t.cfg:2: 'maxconn' outside of any section (start one with 'global', 'defaults',"
                + " 'frontend', 'backend' or 'listen')"), Cfg.errors("# comment\nmaxconn 10\nglobal\n"));
    }

    @Test
    void proxySectionsNeedAValidName() {
        assertEquals(List.of("t.cfg:1: 'backend' needs a name",
                "t.cfg:3: invalid frontend name 'a/b' (letters, digits, '-', '_', '.' and ':' only)",
                "t.cfg:4: 'frontend x': unexpected argument '*:80' (addresses go on 'bind' lines)"),
                Cfg.errors("backend\n  server s 127.0.0.1:1\nfrontend a/b\nfrontend x *:80\n  default_backend x\nbackend x\n"
                        + "  server s 127.0.0.1:1\n"));
    }

    @Test
    void validationWarnsAboutUnroutedUnreachableAndIncompleteProxies() throws ConfigException {
        List<String> w = Cfg.warnings("""
                frontend NOROUTE
                frontend CATCHALL
                  timeout client 1s
                  default_backend EMPTY
                frontend LATER
                  timeout client 1s
                  default_backend EMPTY
                backend EMPTY
                """);
        assertEquals(List.of(
                "t.cfg:1: frontend 'NOROUTE' has no 'use_backend' and no 'default_backend': it never routes a request",
                "t.cfg:1: frontend 'NOROUTE' has no 'timeout client'",
                "t.cfg:5: frontend 'LATER' is never reached: frontend 'CATCHALL' (line 2) has a default_backend",
                "t.cfg:8: backend 'EMPTY' has no server: requests routed to it get 503",
                "t.cfg:8: backend 'EMPTY' has no 'timeout connect'; Lodestar uses 5s",
                "t.cfg:8: backend 'EMPTY' has no 'timeout server'; Lodestar uses 50s"), w);
    }

    @Test
    void defaultBackendFromDefaultsReachesFrontendsButNotListen() throws ConfigException {
        Config c = Cfg.parse("""
                defaults
                  timeout client 1s
                  default_backend B
                frontend F
                listen L
                  server s h:1
                backend B
                  server s h:1
                """);
        assertEquals(Optional.of("B"), c.frontends().get(0).defaultBackend());
        assertEquals(Optional.of("L"), c.frontends().get(1).defaultBackend());
        assertEquals(List.of("t.cfg:3: 'default_backend': no backend named 'X' (there is no backend)"),
                Cfg.errors("defaults\n  timeout client 1s\n  default_backend X\nfrontend F\n"));
    }
}
