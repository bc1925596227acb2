package org.lodestar.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.lodestar.config.ConfigParser;
import org.lodestar.stats.StatsAccess.Export;

class StatsAccessTest {
    private static final String BASE = "defaults\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\n";

    private static StatsAccess access(String sections) throws Exception {
        return StatsAccess.of(ConfigParser.parse("t.cfg", BASE + sections));
    }

    @Test
    void withoutStatsEnabledTheUriIsNotInterceptedAndNobodyLogsIn() throws Exception {
        StatsAccess access = access("frontend F\n  default_backend B\nbackend B\n  server s 127.0.0.1:1\n");
        assertEquals(Optional.empty(), access.exportAt("/haproxy?stats;csv"));
        assertEquals("HAProxy Statistics", access.realm());
        assertFalse(access.hasUsers());
    }

    @Test
    void refreshComesWithTheUriFromTheFirstProxyWithStats() throws Exception {
        StatsAccess access = access("frontend F\n  stats enable\n  default_backend B\n"
                + "backend B\n  stats refresh 30s\n  server s 127.0.0.1:1\n");
        assertEquals(Optional.empty(), access.refresh());
        access = access("frontend F\n  stats refresh 5s\n  default_backend B\nbackend B\n  server s 127.0.0.1:1\n");
        assertEquals(Optional.of(java.time.Duration.ofSeconds(5)), access.refresh());
    }

    @Test
    void defaultUriWithCsvJsonOrThePage() throws Exception {
        StatsAccess access = access("frontend F\n  stats enable\n  default_backend B\nbackend B\n  server s 127.0.0.1:1\n");
        assertEquals(Optional.of(Export.CSV), access.exportAt("/haproxy?stats;csv"));
        assertEquals(Optional.of(Export.CSV), access.exportAt("/haproxy?stats;csv;norefresh"));
        assertEquals(Optional.of(Export.JSON), access.exportAt("/haproxy?stats;json"));
        assertEquals(Optional.of(Export.PAGE), access.exportAt("/haproxy?stats"));
        assertEquals(Optional.of(Export.PAGE), access.exportAt("/haproxy?stats;csvx"));
        assertEquals(Optional.empty(), access.exportAt("/haproxy"));
        assertEquals(Optional.empty(), access.exportAt("/spark/"));
    }

    @Test
    void uriAndRealmComeFromTheFirstProxyWithStats() throws Exception {
        StatsAccess access = access("frontend F\n  default_backend B\n"
                + "listen L\n  stats uri /admin/stats\n  stats realm Ops\\ only\n  server s 127.0.0.1:2\n"
                + "backend B\n  stats uri /other\n  server s 127.0.0.1:1\n");
        assertEquals(Optional.of("/admin/stats"), access.uri());
        assertEquals("Ops only", access.realm());
        assertEquals(Optional.of(Export.CSV), access.exportAt("/admin/stats;csv"));
        assertEquals(Optional.empty(), access.exportAt("/other;csv"));
    }

    @Test
    void usersOfEveryProxyWithTheirRoles() throws Exception {
        StatsAccess access = access("frontend F\n  stats auth viewer:secret\n  stats auth both:x:y\n  default_backend B\n"
                + "backend B\n  stats auth boss:s3cret\n  stats auth both:x:y\n  stats admin if TRUE\n  server s 127.0.0.1:1\n");
        assertEquals(List.of(StatsAccess.VIEWER), access.authenticate("viewer", "secret"));
        assertEquals(List.of(StatsAccess.ADMIN), access.authenticate("boss", "s3cret"));
        assertEquals(List.of(StatsAccess.VIEWER, StatsAccess.ADMIN), access.authenticate("both", "x:y"));
        assertEquals(List.of(), access.authenticate("viewer", "secreT"));
        assertEquals(List.of(), access.authenticate("viewer", "secret "));
        assertEquals(List.of(), access.authenticate("nobody", "secret"));
        assertTrue(access.hasUsers());
    }

    @Test
    void adminOnlyWhenTheConditionCanHold() throws Exception {
        for (String holds : List.of("if TRUE", "if LOCALHOST", "unless FALSE", "if FALSE or LOCALHOST",
                "unless LOCALHOST", "if { path_beg /x }")) {
            assertEquals(List.of(StatsAccess.ADMIN), adminWith(holds).authenticate("u", "p"), holds);
        }
        for (String never : List.of("if FALSE", "unless TRUE", "if LOCALHOST FALSE", "if !TRUE", "unless TRUE or LOCALHOST")) {
            assertEquals(List.of(StatsAccess.VIEWER), adminWith(never).authenticate("u", "p"), never);
        }
    }

    private static StatsAccess adminWith(String condition) throws Exception {
        return access("backend B\n  stats auth u:p\n  stats admin " + condition + "\n  server s 127.0.0.1:1\n");
    }
}
