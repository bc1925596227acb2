package org.lodestar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The configuration Lodestar ships with must load unchanged. */
class ReferenceConfigTest {
    static final String REFERENCE = """
            global
              log      127.0.0.1  local4 info
              user     root
              group    root
              daemon

            defaults
              log      global
              mode     http
              option   dontlognull
              option   redispatch
              balance  leastconn
              retries  3
              maxconn  100
              timeout  connect  5000
              timeout  client  50000
              timeout  server  50000
              stats    enable

            frontend MGMTSRV
              bind    :80
              mode    http
              option  httplog  clf
              acl     spark    path_reg  /spark/
              acl     static   path_reg  /static/
              use_backend SRV_SPARK  if spark
              use_backend SRV_SPARK  if static

            backend  SRV_SPARK
              mode    http
              option  httplog  clf
              option  httpchk GET /
              http-check expect rstring .+Status.+ALIVE.+
              reqrep  ^([^\\ :]*)\\ /spark\\/(.*)  \\1\\ /\\2
              server  spark1 127.0.0.1:18081 check inter 10s rise 2 fall 2
              server  spark2 127.0.0.1:18082 check inter 10s rise 2 fall 2
              server  spark3 127.0.0.1:18083 check inter 10s rise 2 fall 2
            """;

    @Test
    void referenceConfigWarnsOnlyAboutIgnoredKeywordsAndReqrep() throws ConfigException {
        Config c = Cfg.parse(REFERENCE);
        assertEquals(List.of(2, 3, 4, 5, 8, 10, 21, 34), c.warnings().stream().map(Diagnostic::line).toList());
        List<String> w = c.warnings().stream().map(Diagnostic::toString).toList();
        assertTrue(w.get(0).startsWith("t.cfg:2: 'log' ignored"), w.get(0));
        assertTrue(w.get(3).startsWith("t.cfg:5: 'daemon' ignored: it has no effect inside an application server"), w.get(3));
        assertTrue(w.get(5).startsWith("t.cfg:10: 'option dontlognull' ignored"), w.get(5));
        assertTrue(w.get(6).startsWith("t.cfg:21: 'bind' ignored"), w.get(6));
        assertTrue(w.get(7).startsWith("t.cfg:34: 'reqrep' is deprecated"), w.get(7));
    }

    @Test
    void referenceFrontendRoutesSparkAndStaticToSrvSpark() throws ConfigException {
        Frontend f = Cfg.parse(REFERENCE).frontends().get(0);
        assertEquals("MGMTSRV", f.name());
        assertEquals(20, f.line());
        assertEquals(Optional.empty(), f.defaultBackend());
        assertEquals(100, f.maxconn());
        assertEquals(new LogOptions(true, true, true), f.log());
        assertEquals(Optional.of(Duration.ofSeconds(50)), f.timeouts().client());
        assertTrue(f.stats().enabled());
        assertEquals(2, f.switchRules().size());
        SwitchRule r = f.switchRules().get(0);
        assertEquals("SRV_SPARK", r.backend());
        assertEquals(26, r.line());
        Acl spark = r.condition().alternatives().get(0).get(0).acl();
        assertEquals("spark", spark.name());
        assertEquals(Acl.Match.REG, spark.criteria().get(0).match());
        assertTrue(spark.criteria().get(0).regexes().get(0).matcher("/spark/x").find());
        assertEquals("static", f.switchRules().get(1).condition().alternatives().get(0).get(0).acl().name());
    }

    @Test
    void referenceBackendInheritsDefaultsAndHasThreeCheckedServers() throws ConfigException {
        Backend b = Cfg.parse(REFERENCE).backend("SRV_SPARK").orElseThrow();
        assertEquals(Backend.Balance.LEASTCONN, b.balance());
        assertEquals(3, b.retries());
        assertEquals(new Backend.Redispatch(true, -1), b.redispatch());
        assertEquals(Optional.of(Duration.ofSeconds(5)), b.timeouts().connect());
        assertEquals(Optional.of(Duration.ofSeconds(50)), b.timeouts().server());
        assertEquals(List.of("spark1", "spark2", "spark3"), b.servers().stream().map(Server::name).toList());
        Server s = b.servers().get(1);
        assertEquals("127.0.0.1", s.host());
        assertEquals(18082, s.port());
        assertTrue(s.check());
        assertEquals(Duration.ofSeconds(10), s.inter());
        assertEquals(Duration.ofSeconds(10), s.fastinter());
        assertEquals(2, s.rise());
        assertEquals(2, s.fall());
        assertEquals(1, s.weight());
        assertFalse(s.backup());
        HealthCheck.HttpCheck chk = b.healthCheck().httpchk().orElseThrow();
        assertEquals(List.of("GET", "/", "HTTP/1.0"), List.of(chk.method(), chk.uri(), chk.version()));
        HealthCheck.Expect e = b.healthCheck().expects().get(0);
        assertEquals(HealthCheck.Kind.RSTRING, e.kind());
        assertTrue(e.regex().matcher("xx Status: ALIVE yy").find());
    }

    @Test
    void referenceReqrepStripsSparkPrefixFromRequestLine() throws ConfigException {
        Backend b = Cfg.parse(REFERENCE).backend("SRV_SPARK").orElseThrow();
        RequestRewrite.ReqRep rep = assertInstanceOf(RequestRewrite.ReqRep.class, b.rewrites().get(0));
        assertEquals("GET /x?q=1 HTTP/1.1",
                rep.regex().matcher("GET /spark/x?q=1 HTTP/1.1").replaceFirst(rep.replacement()));
        assertEquals("POST /a/b HTTP/1.0",
                rep.regex().matcher("POST /spark/a/b HTTP/1.0").replaceFirst(rep.replacement()));
    }

    @Test
    void parsingAPathNamesTheFileInDiagnostics(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("lodestar.cfg");
        Files.writeString(file, REFERENCE + "bogus\n");
        ConfigException e = org.junit.jupiter.api.Assertions.assertThrows(ConfigException.class,
                () -> ConfigParser.parse(file));
        assertEquals(file + ":38: unknown keyword 'bogus' in 'backend' section", e.errors().get(0).toString());
        Files.writeString(file, REFERENCE);
        assertEquals(file.toString(), ConfigParser.parse(file).source());
    }
}
