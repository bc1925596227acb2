package org.lodestar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code lodestar-cluster} (global) and {@code monitor-uri} (defaults, frontend, listen). */
class ClusterKeywordsTest {
    private static final String PROXIES = """
            frontend F
              default_backend B
            backend B
              server s h:1
            """;

    @Test
    void withoutTheLineThereIsNoCluster() throws ConfigException {
        assertEquals(Optional.empty(), Cfg.parse(PROXIES).cluster());
    }

    @Test
    void clusterLineGivesEnsemblePathAndInstance() throws ConfigException {
        Config config = Cfg.parse("global\n  lodestar-cluster zookeeper zk1:2181,10.0.0.2:2182,[::1]:2183"
                + " path /lodestar/mgmt instance edge-1\n" + PROXIES);
        ClusterSettings cluster = config.cluster().orElseThrow();
        assertEquals(List.of("zk1:2181", "10.0.0.2:2182", "[::1]:2183"), cluster.zookeeper());
        assertEquals("zk1:2181,10.0.0.2:2182,[::1]:2183", cluster.connectString());
        assertEquals("/lodestar/mgmt", cluster.path());
        assertEquals(Optional.of("edge-1"), cluster.instance());
        assertEquals(List.of(), config.warnings().stream().filter(w -> w.toString().contains("cluster")).toList());
    }

    @Test
    void instanceIsOptional() throws ConfigException {
        ClusterSettings cluster = Cfg.parse("global\n  lodestar-cluster zookeeper 127.0.0.1:2181 path /l\n"
                + PROXIES).cluster().orElseThrow();
        assertEquals(Optional.empty(), cluster.instance());
    }

    @Test
    void badClusterLinesAreRefusedWithTheirLine() {
        String syntax = "'lodestar-cluster' expects 'zookeeper <host:port>[,<host:port>...] path </path>"
                + " [instance <id>]'";
        assertEquals(List.of("t.cfg:2: " + syntax), Cfg.errors("global\n  lodestar-cluster zk1:2181\n" + PROXIES));
        assertEquals(List.of("t.cfg:2: " + syntax),
                Cfg.errors("global\n  lodestar-cluster path /l zookeeper zk1:2181\n" + PROXIES));
        assertEquals(List.of("t.cfg:2: 'lodestar-cluster': ZooKeeper server 'zk1' is not <host>:<port>"),
                Cfg.errors("global\n  lodestar-cluster zookeeper zk1 path /l\n" + PROXIES));
        assertEquals(List.of("t.cfg:2: 'lodestar-cluster': ZooKeeper server 'zk1:99999' is not <host>:<port>"),
                Cfg.errors("global\n  lodestar-cluster zookeeper zk1:99999 path /l\n" + PROXIES));
        assertEquals(List.of("t.cfg:2: 'lodestar-cluster': path 'lodestar/' is not an absolute ZooKeeper path of"
                        + " names (letters, digits, '_', '.', '-') such as /lodestar/mgmt"),
                Cfg.errors("global\n  lodestar-cluster zookeeper zk1:1 path lodestar/\n" + PROXIES));
        assertEquals(List.of("t.cfg:2: 'lodestar-cluster': path '/a/../b' is not an absolute ZooKeeper path of"
                        + " names (letters, digits, '_', '.', '-') such as /lodestar/mgmt"),
                Cfg.errors("global\n  lodestar-cluster zookeeper zk1:1 path /a/../b\n" + PROXIES));
        assertEquals(List.of("t.cfg:3: 'lodestar-cluster' given twice (first at line 2)"),
                Cfg.errors("global\n  lodestar-cluster zookeeper zk1:1 path /a\n"
                        + "  lodestar-cluster zookeeper zk1:1 path /b\n" + PROXIES));
    }

    @Test
    void monitorUriIsInheritedFromDefaultsAndKeptPerFrontend() throws ConfigException {
        Config config = Cfg.parse("""
                defaults
                  monitor-uri /alive
                frontend F
                  default_backend B
                frontend G
                  monitor-uri /up
                  default_backend B
                backend B
                  server s h:1
                """);
        assertEquals(Optional.of("/alive"), config.frontends().get(0).monitorUri());
        assertEquals(Optional.of("/up"), config.frontends().get(1).monitorUri());
        assertEquals(Optional.empty(), Cfg.parse(PROXIES).frontends().get(0).monitorUri());
    }

    @Test
    void monitorUriMustBeAPathOutsideLodestarsOwnPages() {
        assertEquals(List.of("t.cfg:2: 'monitor-uri' expects an absolute path such as /lodestar-health (no query),"
                + " got 'up'"), Cfg.errors("frontend F\n  monitor-uri up\n  default_backend B\nbackend B\n  server s h:1\n"));
        assertEquals(List.of("t.cfg:2: 'monitor-uri /lodestar/up': Lodestar's own pages live under /lodestar/ and"
                        + " ask for a login; a balancer's check needs a path outside it"),
                Cfg.errors("frontend F\n  monitor-uri /lodestar/up\n  default_backend B\nbackend B\n  server s h:1\n"));
    }
}
