package org.lodestar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Error reporting: FILE:LINE prefixes, every error at once, helpful wording. */
class ErrorsTest {
    @Test
    void unknownKeywordNamesFileAndLine() {
        assertEquals(List.of("t.cfg:3: unknown keyword 'frobnicate' in 'global' section"),
                Cfg.errors("# header\nglobal\n  frobnicate 1\n"));
    }

    @Test
    void unknownKeywordSuggestsACloseOne() {
        assertEquals(List.of("t.cfg:2: unknown keyword 'fronted' in 'global' section; did you mean 'frontend'?",
                "t.cfg:4: unknown keyword 'servr' in 'backend' section; did you mean 'server'?"),
                Cfg.errors("global\nfronted F\nbackend B\n  servr s h:1\n  server s h:1\n"));
    }

    @Test
    void everyErrorIsReportedTogetherInLineOrder() {
        ConfigException e = assertThrows(ConfigException.class, () -> Cfg.parse("""
                global
                  bogus
                frontend F
                  use_backend NOWHERE if TRUE
                  timeout client 10q
                backend B
                  balance random
                  server s h:1 cookie x
                  option httpchk "unterminated
                """));
        List<String> errors = e.errors().stream().map(Diagnostic::toString).toList();
        assertEquals(List.of(2, 4, 5, 7, 8, 9), e.errors().stream().map(Diagnostic::line).toList(), errors.toString());
        assertTrue(e.getMessage().startsWith("6 configuration error(s):\nt.cfg:2: unknown keyword 'bogus'"),
                e.getMessage());
        assertEquals("t.cfg:9: unterminated double quote", errors.get(5));
    }

    @Test
    void optionErrors() {
        assertEquals(List.of(
                "t.cfg:6: unknown option 'foo' in 'backend' section",
                "t.cfg:7: 'option httplog' accepts only 'clf', got 'json'",
                "t.cfg:8: unknown option 'tcpka' in 'backend' section",
                "t.cfg:9: 'option forwardfor': unknown argument 'always' (expected except <network>, header <name>"
                        + " or if-none)",
                "t.cfg:10: 'option forwardfor except': invalid network 'x.y' (expected address[/mask])",
                "t.cfg:11: 'option httpchk' expects [<method>] [<uri>] [<version>]",
                "t.cfg:12: 'no' must be followed by 'option' (or 'log')"),
                Cfg.errors(Cfg.backend("  option foo", "  option httplog json", "  no option tcpka",
                        "  option forwardfor always", "  option forwardfor except x.y", "  option httpchk a b c d",
                        "  no balance")));
    }

    @Test
    void keywordsInTheWrongSectionSaySoInsteadOfUnknown() {
        assertEquals(List.of(
                "t.cfg:2: 'use_backend' is not allowed in 'backend' section (frontend and listen only)",
                "t.cfg:3: 'bind' is not allowed in 'backend' section (frontend and listen only)",
                "t.cfg:5: 'option redispatch' is not allowed in 'frontend' section (defaults, backend and listen only)",
                "t.cfg:6: 'balance' is not allowed in 'frontend' section (defaults, backend and listen only)",
                "t.cfg:9: 'stats enable' is not supported in 'global' section (only 'stats socket', 'stats timeout',"
                        + " 'stats maxconn', all ignored)",
                "t.cfg:10: unknown keyword 'mode' in 'global' section"),
                Cfg.errors("""
                        backend B
                          use_backend B
                          bind :80
                        frontend F
                          option redispatch
                          balance first
                          default_backend B
                        global
                          stats enable
                          mode http
                        """));
    }
}
