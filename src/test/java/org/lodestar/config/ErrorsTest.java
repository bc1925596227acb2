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

    @Test
    void sectionHeadersTakeOnlyTheirArguments() {
        assertEquals(List.of(
                "t.cfg:1: 'global' takes no argument",
                "t.cfg:2: 'defaults' takes at most a name",
                "t.cfg:3: invalid defaults name 'a/b' (letters, digits, '-', '_', '.' and ':' only)"),
                Cfg.errors("global extra\ndefaults a b\ndefaults a/b\n"));
    }

    @Test
    void keywordsWithoutTheirArgumentsSayWhatTheyExpect() {
        assertEquals(List.of(
                "t.cfg:6: 'option' expects an option name",
                "t.cfg:7: 'timeout' expects a kind (connect, client, server, queue, check, http-request...) and a time",
                "t.cfg:8: 'acl' expects a name, a criterion and patterns",
                "t.cfg:9: 'balance' expects an algorithm (roundrobin, leastconn, first, source)",
                "t.cfg:10: 'balance first' takes no argument",
                "t.cfg:11: 'http-request' expects an action",
                "t.cfg:12: 'http-check' expects 'send', 'expect' or 'lodestar-report'",
                "t.cfg:13: 'stats' expects a sub-keyword (enable, uri, realm, auth, refresh, admin...)",
                "t.cfg:14: 'stats admin' expects 'if' or 'unless' and a condition",
                "t.cfg:15: 'stats auth' expects <user>:<password>",
                "t.cfg:16: 'retries' expects <number> (unexpected '2')",
                "t.cfg:17: 'mode' expects http",
                "t.cfg:18: 'no' must be followed by 'option' (or 'log')",
                "t.cfg:19: 'no' must be followed by 'option' (or 'log')",
                "t.cfg:20: 'use_backend' expects a backend name and an optional condition",
                "t.cfg:21: 'server' expects a name and an address <host>:<port>"),
                Cfg.errors(Cfg.backend("  option", "  timeout", "  acl", "  balance", "  balance first x",
                        "  http-request", "  http-check", "  stats", "  stats admin", "  stats auth nocolon",
                        "  retries 1 2", "  mode", "  no", "  no log x").replace("backend B\n", "listen B\n")
                        + "  use_backend\n  server\n"));
    }

    @Test
    void aKeywordInTheWrongSectionNamesTheSectionsThatAllowIt() {
        assertEquals(List.of(
                "t.cfg:2: 'description' is not allowed in 'defaults' section (frontend, backend and listen only)",
                "t.cfg:3: 'id' is not allowed in 'defaults' section (frontend, backend and listen only)",
                "t.cfg:4: 'bind' is not allowed in 'defaults' section (frontend and listen only)",
                "t.cfg:5: 'use_backend' is not allowed in 'defaults' section (frontend and listen only)",
                "t.cfg:6: 'reqrep' is not allowed in 'defaults' section (backend and listen only)",
                "t.cfg:7: 'http-request set-path' is not allowed in 'defaults' section (backend and listen only)",
                "t.cfg:9: 'retries' is not allowed in 'frontend' section (defaults, backend and listen only)",
                "t.cfg:10: 'default-server' is not allowed in 'frontend' section (defaults, backend and listen only)",
                "t.cfg:11: 'http-check' is not allowed in 'frontend' section (defaults, backend and listen only)",
                "t.cfg:12: 'option httpchk' is not allowed in 'frontend' section (defaults, backend and listen only)",
                "t.cfg:13: 'no option httpchk' is not allowed in 'frontend' section (defaults, backend and listen only)",
                "t.cfg:14: 'option log-health-checks' is not allowed in 'frontend' section (defaults, backend and listen"
                        + " only)",
                "t.cfg:15: 'fullconn' is not allowed in 'frontend' section (defaults, backend and listen only)",
                "t.cfg:16: 'option lodestar-fast-failover' is not allowed in 'frontend' section (defaults, backend and"
                        + " listen only)",
                "t.cfg:19: 'default_backend' is not allowed in 'backend' section (defaults, frontend and listen only)",
                "t.cfg:20: 'capture' is not allowed in 'backend' section (frontend and listen only)",
                "t.cfg:21: 'monitor-uri' is not allowed in 'backend' section (defaults, frontend and listen only)",
                "t.cfg:23: 'http-request replace-uri' is not allowed in 'frontend' section (backend and listen only)"),
                Cfg.errors("""
                        defaults
                          description x
                          id 3
                          bind :80
                          use_backend B
                          reqrep a b
                          http-request set-path /
                        frontend F
                          retries 3
                          default-server inter 1s
                          http-check expect status 200
                          option httpchk
                          no option httpchk
                          option log-health-checks
                          fullconn 3
                          option lodestar-fast-failover
                          default_backend B
                        backend B
                          default_backend B
                          capture request header Host len 20
                          monitor-uri /up
                        frontend G
                          http-request replace-uri a b
                        """).stream().filter(e -> !e.contains("no backend named")).toList());
    }
}
