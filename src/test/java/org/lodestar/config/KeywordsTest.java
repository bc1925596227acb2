package org.lodestar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** Proxy keywords other than acl/use_backend/server: each parsed into the right record values. */
class KeywordsTest {
    private static Backend backend(String... lines) throws ConfigException {
        return Cfg.parse(Cfg.backend(lines)).backend("B").orElseThrow();
    }

    @Test
    void balanceAcceptsTheFourSupportedAlgorithms() throws ConfigException {
        assertEquals(Backend.Balance.ROUNDROBIN, backend().balance());
        assertEquals(Backend.Balance.ROUNDROBIN, backend("  balance roundrobin").balance());
        assertEquals(Backend.Balance.LEASTCONN, backend("  balance leastconn").balance());
        assertEquals(Backend.Balance.FIRST, backend("  balance first").balance());
        assertEquals(Backend.Balance.SOURCE, backend("  balance source").balance());
    }

    @Test
    void unsupportedBalanceAlgorithmIsAnError() {
        assertEquals(List.of("t.cfg:6: balance algorithm 'uri' is not supported; use one of roundrobin, leastconn,"
                + " first, source"), Cfg.errors(Cfg.backend("  balance uri")));
    }

    @Test
    void retriesAndRedispatch() throws ConfigException {
        Backend b = backend("  retries 5", "  option redispatch 2");
        assertEquals(5, b.retries());
        assertEquals(new Backend.Redispatch(true, 2), b.redispatch());
        assertEquals(Backend.Redispatch.OFF, backend().redispatch());
        assertEquals(Backend.Redispatch.OFF, backend("  option redispatch", "  no option redispatch").redispatch());
        assertEquals(new Backend.Redispatch(true, -1), backend("  option redispatch").redispatch());
    }

    @Test
    void httplogWithAndWithoutClf() throws ConfigException {
        assertEquals(new LogOptions(true, false, false), backend("  option httplog").log());
        assertEquals(new LogOptions(true, true, false), backend("  option httplog clf").log());
        assertEquals(LogOptions.NONE, backend("  option httplog clf", "  no option httplog").log());
        assertEquals(new LogOptions(false, false, true), backend("  option dontlognull").log());
        assertEquals(LogOptions.NONE, backend("  option dontlognull", "  no option dontlognull").log());
    }

    @Test
    void forwardforNamesHeaderAndExceptNetwork() throws ConfigException {
        assertEquals(ForwardFor.DEFAULT, backend().forwardFor());
        assertEquals(ForwardFor.DEFAULT, backend("  option forwardfor").forwardFor());
        assertEquals(new ForwardFor("X-Real-IP", Optional.of("127.0.0.0/8")),
                backend("  option forwardfor except 127.0.0.0/8 header X-Real-IP if-none").forwardFor());
        assertEquals(List.of("t.cfg:6: 'option forwardfor if-none' ignored: Lodestar always appends the client address"
                + " to any incoming header"), Cfg.warnings(Cfg.backend("  option forwardfor if-none", "  server s h:1")));
    }

    @Test
    void timeoutsAcceptEveryUnitAndLegacyKeywordsWarn() throws ConfigException {
        Config c = Cfg.parse("""
                defaults
                  timeout connect 3s
                  timeout client 1m
                  timeout server 2h
                  timeout queue 500
                  timeout check 1d
                  timeout http-request 10s
                  timeout tunnel 1h
                backend B
                  contimeout 4000
                  server s h:1
                """);
        Timeouts t = c.backend("B").orElseThrow().timeouts();
        assertEquals(Optional.of(Duration.ofSeconds(4)), t.connect());
        assertEquals(Optional.of(Duration.ofMinutes(1)), t.client());
        assertEquals(Optional.of(Duration.ofHours(2)), t.server());
        assertEquals(Optional.of(Duration.ofMillis(500)), t.queue());
        assertEquals(Optional.of(Duration.ofDays(1)), t.check());
        assertEquals(Optional.of(Duration.ofSeconds(10)), t.httpRequest());
        assertEquals(List.of("t.cfg:8: 'timeout tunnel' ignored: Lodestar does not tunnel connections",
                "t.cfg:10: 'contimeout' is deprecated; use 'timeout connect'"),
                c.warnings().stream().map(Diagnostic::toString).toList());
    }

    @Test
    void badTimeoutsAreErrorsNamingTheKeyword() {
        assertEquals(List.of(
                "t.cfg:6: 'timeout server': invalid time unit 'x' in '5x' (expected us, ms, s, m, h or d)",
                "t.cfg:7: unknown timeout 'foo' (supported: connect, client, server, queue, check, http-request,"
                        + " http-keep-alive, tunnel, client-fin, server-fin)",
                "t.cfg:8: 'timeout connect' expects one time value"),
                Cfg.errors(Cfg.backend("  timeout server 5x", "  timeout foo 1s", "  timeout connect")));
    }

    @Test
    void httpchkFormsAndDefaults() throws ConfigException {
        assertEquals(HealthCheck.TCP, backend().healthCheck());
        assertEquals(new HealthCheck.HttpCheck("OPTIONS", "/", "HTTP/1.0", Map.of()),
                backend("  option httpchk").healthCheck().httpchk().orElseThrow());
        assertEquals(new HealthCheck.HttpCheck("OPTIONS", "/ping", "HTTP/1.0", Map.of()),
                backend("  option httpchk /ping").healthCheck().httpchk().orElseThrow());
        assertEquals(new HealthCheck.HttpCheck("HEAD", "/ping", "HTTP/1.0", Map.of()),
                backend("  option httpchk HEAD /ping").healthCheck().httpchk().orElseThrow());
        assertEquals(new HealthCheck.HttpCheck("GET", "/", "HTTP/1.1", Map.of("Host", "www x")),
                backend("  option httpchk GET / HTTP/1.1\\r\\nHost:\\ www\\ x").healthCheck().httpchk().orElseThrow());
    }

    @Test
    void httpCheckSendOverridesHttpchkAndAccumulatesHeaders() throws ConfigException {
        HealthCheck.HttpCheck c = backend("  option httpchk GET /a", "  http-check send meth HEAD uri /b ver HTTP/1.1"
                + " hdr Host x", "  http-check send hdr Accept */*").healthCheck().httpchk().orElseThrow();
        assertEquals("HEAD", c.method());
        assertEquals("/b", c.uri());
        assertEquals("HTTP/1.1", c.version());
        assertEquals(Map.of("Host", "x", "Accept", "*/*"), c.headers());
    }

    @Test
    void httpCheckExpectKinds() throws ConfigException {
        List<HealthCheck.Expect> e = backend("  option httpchk", "  http-check expect status 200-399",
                "  http-check expect ! rstatus ^5", "  http-check expect string OK",
                "  http-check expect rstring (?i)alive").healthCheck().expects();
        assertEquals(List.of(HealthCheck.Kind.STATUS, HealthCheck.Kind.RSTATUS, HealthCheck.Kind.STRING,
                HealthCheck.Kind.RSTRING), e.stream().map(HealthCheck.Expect::kind).toList());
        assertEquals("200-399", e.get(0).pattern());
        assertTrue(e.get(1).negated());
        assertTrue(e.get(1).regex().matcher("503").find());
        assertEquals(10, e.get(3).line());
    }

    @Test
    void httpCheckErrors() {
        assertEquals(List.of(
                "t.cfg:6: 'http-check expect rstring': invalid regex '(': Unclosed group near index 1",
                "t.cfg:7: 'http-check expect status': invalid status 'ok' (expected a code like 200, a range like"
                        + " 200-399, or a comma-separated list of them)",
                "t.cfg:8: 'http-check expect comment': unsupported kind 'comment' (supported: status, rstatus,"
                        + " string, rstring)"),
                Cfg.errors(Cfg.backend("  option httpchk", "  http-check expect rstring (",
                        "  http-check expect status ok", "  http-check expect comment x").replace("  option httpchk\n",
                        "")));
    }

    @Test
    void httpCheckWithoutHttpchkWarns() throws ConfigException {
        assertEquals(List.of("t.cfg:6: 'http-check' has no effect in backend 'B' without 'option httpchk'"),
                Cfg.warnings(Cfg.backend("  http-check expect status 200", "  server s h:1")));
    }

    @Test
    void statsKeywordsImplyEnable() throws ConfigException {
        assertEquals(Stats.DISABLED, backend().stats());
        Stats s = backend("  stats uri /admin?stats", "  stats realm My\\ Realm", "  stats refresh 5s",
                "  stats auth a:b", "  stats auth c:d:e", "  stats admin if LOCALHOST").stats();
        assertTrue(s.enabled());
        assertEquals("/admin?stats", s.uri());
        assertEquals("My Realm", s.realm());
        assertEquals(Optional.of(Duration.ofSeconds(5)), s.refresh());
        assertEquals(List.of(new Stats.Credentials("a", "b"), new Stats.Credentials("c", "d:e")), s.auth());
        assertEquals(Acl.Fetch.SRC_LOOPBACK, s.admin().orElseThrow().alternatives().get(0).get(0).acl().criteria()
                .get(0).fetch());
        assertTrue(backend("  stats refresh 1s").stats().enabled());
    }

    @Test
    void rewritesAreParsedWithTranslatedBackReferences() throws ConfigException {
        Backend b = backend("  acl api path_beg /api", "  http-request replace-path /app(/.*) \\1 if api",
                "  http-request replace-uri ^/old/(.*)$ /new/\\1", "  http-request set-path /fixed unless api",
                "  reqirep ^GET\\ /X/(.*) GET\\ /$\\1");
        RequestRewrite.ReplacePath rp = assertInstanceOf(RequestRewrite.ReplacePath.class, b.rewrites().get(0));
        assertEquals("/x", rp.regex().matcher("/app/x").replaceFirst(rp.replacement()));
        assertEquals("api", rp.condition().orElseThrow().alternatives().get(0).get(0).acl().name());
        RequestRewrite.ReplaceUri ru = assertInstanceOf(RequestRewrite.ReplaceUri.class, b.rewrites().get(1));
        assertEquals("/new/a?b", ru.regex().matcher("/old/a?b").replaceFirst(ru.replacement()));
        assertEquals(Optional.empty(), ru.condition());
        RequestRewrite.SetPath sp = assertInstanceOf(RequestRewrite.SetPath.class, b.rewrites().get(2));
        assertEquals("/fixed", sp.path());
        assertTrue(sp.condition().orElseThrow().unless());
        RequestRewrite.ReqRep rr = assertInstanceOf(RequestRewrite.ReqRep.class, b.rewrites().get(3));
        assertTrue(rr.ignoreCase());
        assertEquals("GET /$y HTTP/1.1", rr.regex().matcher("get /x/y HTTP/1.1").replaceFirst(rr.replacement()));
        assertEquals(List.of(7, 8, 9, 10), b.rewrites().stream().map(RequestRewrite::line).toList());
    }

    @Test
    void rewriteErrors() {
        assertEquals(List.of(
                "t.cfg:6: unsupported http-request action 'deny' (supported: replace-path, replace-uri, set-path)",
                "t.cfg:7: 'http-request set-path': log-format expressions are not supported in '%[path]'",
                "t.cfg:8: 'http-request replace-path': replacement '\\2' refers to \\2 but the regex has 1 group(s)",
                "t.cfg:9: 'reqrep': invalid regex '[': Unclosed character class near index 0",
                "t.cfg:10: 'reqrep': conditions are not supported; use 'http-request replace-path <regex> <format>"
                        + " if <condition>'"),
                Cfg.errors(Cfg.backend("  http-request deny", "  http-request set-path %[path]",
                        "  http-request replace-path (a) \\2", "  reqrep [ x", "  reqrep a b if TRUE")));
        assertEquals(List.of("t.cfg:6: 'reqrep' is not allowed in 'frontend' section (backend and listen only)",
                "t.cfg:7: 'http-request set-path' is not allowed in 'frontend' section (backend and listen only)"),
                Cfg.errors(Cfg.frontend("  reqrep a b", "  http-request set-path /", "  default_backend B1")));
    }

    @Test
    void modeHttpIsTheOnlyMode() throws ConfigException {
        backend("  mode http");
        assertEquals(List.of("t.cfg:6: 'mode tcp': only 'mode http' is supported",
                "t.cfg:7: 'mode health': only 'mode http' is supported"),
                Cfg.errors(Cfg.backend("  mode tcp", "  mode health")));
    }

    @Test
    void maxconnInFrontendIsRecordedAndZeroByDefault() throws ConfigException {
        assertEquals(0, Cfg.parse(Cfg.frontend("  default_backend B1")).frontends().get(0).maxconn());
        assertEquals(42, Cfg.parse(Cfg.frontend("  maxconn 42", "  default_backend B1")).frontends().get(0).maxconn());
        assertEquals(List.of("t.cfg:6: 'maxconn' is not allowed in 'backend' section (defaults, frontend and listen only)"),
                Cfg.errors(Cfg.backend("  maxconn 3")));
    }

    @Test
    void ignoredKeywordsWarnNamingTheLine() throws ConfigException {
        List<String> w = Cfg.warnings("""
                global
                  maxconn 4096
                  nbthread 4
                  tune.bufsize 32768
                  stats socket /run/haproxy.sock
                defaults
                  timeout connect 1s
                  timeout client 1s
                  timeout server 1s
                  option http-server-close
                  fullconn 100
                frontend F
                  capture request header Host len 20
                  monitor-uri /up
                  default_backend B
                backend B
                  description The B
                  no log
                  server s h:1
                """);
        assertEquals(List.of(2, 3, 4, 5, 10, 11, 13, 17, 18), w.stream()
                .map(s -> Integer.parseInt(s.split(":")[1])).toList());
        assertEquals("t.cfg:2: 'maxconn' ignored: the application server's connector limits connections", w.get(0));
        assertEquals("t.cfg:10: 'option http-server-close' ignored: the application server manages client"
                + " connections", w.get(4));
    }

    @Test
    void globalMaxconnIsStillValidated() {
        assertEquals(List.of("t.cfg:2: 'maxconn' expects an integer >= 0, got 'lots'"),
                Cfg.errors("global\n  maxconn lots\n"));
    }

    @Test
    void statsAdminUsesTheSectionsAcls() throws ConfigException {
        Stats s = backend("  acl ops hdr(X-Team) ops", "  stats admin unless ops").stats();
        Condition c = s.admin().orElseThrow();
        assertTrue(c.unless());
        assertEquals("x-team", c.alternatives().get(0).get(0).acl().criteria().get(0).argument());
    }

    @Test
    void httpCheckSendErrors() {
        assertEquals(List.of(
                "t.cfg:7: 'http-check send': unsupported argument 'body' (supported: meth, uri, ver, hdr)",
                "t.cfg:8: 'http-check send hdr' expects a name and a value"),
                Cfg.errors(Cfg.backend("  option httpchk", "  http-check send body x", "  http-check send hdr Host")));
    }

    @Test
    void optionArgumentErrors() {
        assertEquals(List.of(
                "t.cfg:6: 'option dontlognull' takes no argument",
                "t.cfg:7: 'option redispatch' accepts at most an interval",
                "t.cfg:8: 'option lodestar-fast-failover' accepts at most an interval",
                "t.cfg:9: 'no option httplog' takes no argument",
                "t.cfg:10: 'option httpchk': invalid header line 'bad' after the version (expected 'Name: value')",
                "t.cfg:11: 'option redispatch' expects an integer between -2147483647 and 2147483646, got 'x'"),
                Cfg.errors(Cfg.backend("  option dontlognull x", "  option redispatch 1 2",
                        "  option lodestar-fast-failover 1 2", "  no option httplog clf",
                        "  option httpchk GET / HTTP/1.1\\r\\nbad", "  option redispatch x")));
    }

    @Test
    void ignoredOptionsAndNoLogWarnNamingTheLine() throws ConfigException {
        assertEquals(List.of(
                "t.cfg:6: 'no option log-health-checks' ignored: health-check logging is not implemented",
                "t.cfg:7: 'option tcplog' ignored: Lodestar logs HTTP requests only; use 'option httplog'",
                "t.cfg:8: 'no log' ignored: Lodestar logs through java.util.logging (see 'option httplog')",
                "t.cfg:9: 'option dontlognull' ignored: connections without a request never reach Lodestar, so there is"
                        + " nothing to leave out of the log",
                "t.cfg:10: 'timeout client-fin' ignored: the application server manages client connections"),
                Cfg.warnings(Cfg.backend("  no option log-health-checks", "  option tcplog", "  no log",
                        "  option dontlognull", "  timeout client-fin 1s", "  server s h:1")));
    }

    @Test
    void statsErrors() {
        assertEquals(List.of(
                "t.cfg:6: 'stats uri' must start with '/', got 'admin'",
                "t.cfg:7: 'stats socket' is only allowed in 'global' section",
                "t.cfg:8: 'stats timeout' is only allowed in 'global' section",
                "t.cfg:9: unknown keyword 'stats bogus' in 'backend' section",
                "t.cfg:10: 'stats refresh': invalid time unit 'x' in '5x' (expected us, ms, s, m, h or d)",
                "t.cfg:11: 'stats realm' expects <realm> (escape spaces with '\\ ')",
                "t.cfg:12: 'stats enable' takes no argument"),
                Cfg.errors(Cfg.backend("  stats uri admin", "  stats socket /x", "  stats timeout 1s", "  stats bogus",
                        "  stats refresh 5x", "  stats realm a b", "  stats enable x")));
    }

    @Test
    void ignoredStatsOptionsWarnAndStillEnableTheStats() throws ConfigException {
        Config c = Cfg.parse(Cfg.backend("  stats hide-version", "  stats show-legends", "  stats scope .",
                "  server s h:1") + "global\n  stats maxconn 10\n");
        assertEquals(List.of(
                "t.cfg:6: 'stats hide-version' ignored: Lodestar's dashboard has no such option",
                "t.cfg:7: 'stats show-legends' ignored: Lodestar's dashboard has no such option",
                "t.cfg:8: 'stats scope' ignored: Lodestar's dashboard shows every proxy",
                "t.cfg:11: 'stats maxconn' ignored: Lodestar has no runtime API socket; its pages live under /lodestar/"),
                c.warnings().stream().map(Diagnostic::toString).toList());
        assertTrue(c.backend("B").orElseThrow().stats().enabled());
    }

    @Test
    void httpCheckAndRewriteArgumentErrors() {
        assertEquals(List.of(
                "t.cfg:6: unsupported 'http-check foo' (supported: send, expect, lodestar-report)",
                "t.cfg:7: 'http-check expect' expects [!] status|rstatus|string|rstring <pattern>",
                "t.cfg:8: 'http-check send meth' expects a value",
                "t.cfg:9: 'http-request replace-path' expects <regex> <format> [if|unless <condition>]",
                "t.cfg:10: 'http-request set-path' expects <format> [if|unless <condition>]",
                "t.cfg:11: 'reqrep' expects <regex> <replacement>"),
                Cfg.errors(Cfg.backend("  http-check foo", "  http-check expect status", "  http-check send meth",
                        "  http-request replace-path /a", "  http-request set-path", "  reqrep a")));
    }

    @Test
    void reqrepWarnsThatItIsDeprecated() throws ConfigException {
        assertEquals(List.of("t.cfg:6: 'reqrep' is deprecated (removed from HAProxy 2.1); Lodestar still applies it to"
                + " the request line. The equivalent on the path is 'http-request replace-path <regex> <format>'"),
                Cfg.warnings(Cfg.backend("  reqrep ^GET\\ /x/(.*) GET\\ /\\1", "  server s h:1")));
    }

    @Test
    void dynamicBackendNamesAreRefused() {
        assertEquals(List.of(
                "t.cfg:6: 'use_backend': dynamic backend names (log-format expressions) are not supported",
                "t.cfg:7: 'default_backend': dynamic backend names (log-format expressions) are not supported"),
                Cfg.errors(Cfg.frontend("  use_backend %[req.hdr(host)]", "  default_backend %[x]")));
    }
}
