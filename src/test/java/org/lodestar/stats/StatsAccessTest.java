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

    // ------------------------------------------------------------------------------------------ userlists

    /** HAProxy's "stats admin" example: admin in group admin (hashed), haproxy in readonly (insecure). */
    private static final String MANUAL = """
            userlist stats-auth
              group admin    users admin
              user  admin    password $6$abcdefgh$uLRoKJ9vbT/ttH74DJRSfpHFK9TkfEwLVY1MQe2PVg/bM1Hk5fGerQ0eTJ6QTYKbv19m1FtqtzHCGMd58AKOs1
              group readonly users haproxy
              user  haproxy  insecure-password haproxy
            backend stats_auth
              stats enable
              acl AUTH       http_auth(stats-auth)
              acl AUTH_ADMIN http_auth_group(stats-auth) admin
              stats http-request auth unless AUTH
              stats admin if AUTH_ADMIN
              server s 127.0.0.1:1
            """;

    @Test
    void userlistUsersReadAndTheAdminGroupActsAsInHaproxysExample() throws Exception {
        StatsAccess access = access(MANUAL);
        assertEquals(List.of(StatsAccess.ADMIN), access.authenticate("admin", "adm1n"));
        assertEquals(List.of(StatsAccess.VIEWER), access.authenticate("haproxy", "haproxy"));
        assertEquals(List.of(), access.authenticate("admin", "adm1n "));
        assertEquals(List.of(), access.authenticate("admin", "haproxy"));
        assertEquals(List.of(), access.authenticate("haproxy", "adm1n"));
        assertEquals(List.of(), access.authenticate("nobody", "haproxy"));
        assertTrue(access.hasUsers());
        assertEquals("HAProxy Statistics", access.realm());
    }

    @Test
    void aRuleThatAsksNobodyAgainStillLetsOnlyUsersOfItsUserlistsIn() throws Exception {
        String list = "userlist L\n  group ops users a\n  user a insecure-password pa\n  user b insecure-password pb\n"
                + "userlist M\n  user c insecure-password pc\n";
        StatsAccess groupOnly = access(list + "backend B\n  acl OPS http_auth_group(L) ops\n"
                + "  stats http-request auth unless OPS\n  server s 127.0.0.1:1\n");
        assertEquals(List.of(StatsAccess.VIEWER), groupOnly.authenticate("a", "pa"));
        assertEquals(List.of(), groupOnly.authenticate("b", "pb"), "in L but not in group ops");
        // Without a userlist in the rule, nobody: Lodestar never serves the statistics anonymously.
        for (String rule : List.of("", " if FALSE", " unless TRUE", " unless LOCALHOST")) {
            StatsAccess none = access(list + "backend B\n  stats http-request auth" + rule + "\n  server s 127.0.0.1:1\n");
            assertEquals(List.of(), none.authenticate("a", "pa"), rule);
            assertEquals(List.of(), none.authenticate("x", "y"), rule);
            assertFalse(none.hasUsers(), rule);
        }
        // Checked against L only: M's user is asked to log in again.
        StatsAccess onlyL = access(list + "backend B\n  stats http-request auth unless { http_auth(L) }\n"
                + "  stats admin if { http_auth(M) }\n  server s 127.0.0.1:1\n");
        assertEquals(List.of(StatsAccess.VIEWER), onlyL.authenticate("b", "pb"));
        assertEquals(List.of(), onlyL.authenticate("c", "pc"));
        // A request-dependent part of the rule may ask again: the user is refused, not let in from anywhere.
        StatsAccess local = access(list + "backend B\n  stats http-request auth unless { http_auth(L) } LOCALHOST\n"
                + "  server s 127.0.0.1:1\n");
        assertEquals(List.of(), local.authenticate("a", "pa"));
    }

    @Test
    void statsAuthAndUserlistsLiveSideBySideAndTheAdminConditionSeesTheCaller() throws Exception {
        StatsAccess access = access("""
                userlist L
                  group admin users boss
                  user boss insecure-password b0ss
                frontend F
                  stats auth viewer:secret
                  default_backend B
                backend B
                  stats auth ops:0ther
                  stats admin if { http_auth_group(L) admin }
                  server s 127.0.0.1:1
                listen stats
                  stats http-request auth realm Ops unless { http_auth(L) }
                  stats admin if TRUE
                  server s 127.0.0.1:2
                """);
        assertEquals(List.of(StatsAccess.VIEWER), access.authenticate("viewer", "secret"));
        assertEquals(List.of(StatsAccess.VIEWER), access.authenticate("ops", "0ther"),
                "a stats auth user outside group admin");
        assertEquals(List.of(StatsAccess.ADMIN), access.authenticate("boss", "b0ss"));
        assertEquals(List.of(), access.authenticate("boss", "secret"));
        assertEquals("HAProxy Statistics", access.realm(), "F, the first proxy with stats, has no rule");
        assertEquals("Ops", access("userlist L\n  user a insecure-password a\nlisten stats\n"
                + "  stats http-request auth realm Ops unless { http_auth(L) }\n  server s 127.0.0.1:2\n").realm());
    }

    @Test
    void aHashedPasswordIsRememberedAfterItMatchedAndForgottenOnReload() throws Exception {
        StatsAccess access = access(MANUAL);
        assertEquals(0, access.rememberedLogins());
        assertEquals(List.of(), access.authenticate("admin", "wrong"));
        assertEquals(0, access.rememberedLogins(), "a wrong password is not remembered");
        access.authenticate("haproxy", "haproxy");
        assertEquals(0, access.rememberedLogins(), "an insecure password needs no hashing");
        assertEquals(List.of(StatsAccess.ADMIN), access.authenticate("admin", "adm1n"));
        assertEquals(1, access.rememberedLogins());
        assertEquals(List.of(StatsAccess.ADMIN), access.authenticate("admin", "adm1n"));
        assertEquals(List.of(), access.authenticate("admin", "adm1n2"), "only the very password");
        assertEquals(List.of(StatsAccess.ADMIN), access.authenticate("admin", "adm1n"));
        assertEquals(1, access.rememberedLogins(), "one entry per user, however often");
        assertEquals(0, access(MANUAL).rememberedLogins(), "a reloaded configuration starts afresh");
    }

    @Test
    void userlistsNoStatsConditionNamesAreNotConsulted() throws Exception {
        StatsAccess access = access("userlist L\n  user a insecure-password pa\n"
                + "backend B\n  stats auth v:pv\n  server s 127.0.0.1:1\n");
        assertEquals(List.of(), access.authenticate("a", "pa"));
        assertEquals(List.of(StatsAccess.VIEWER), access.authenticate("v", "pv"));
    }
}
