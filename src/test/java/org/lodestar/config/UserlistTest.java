package org.lodestar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * {@code userlist} sections, the {@code http_auth}/{@code http_auth_group} ACLs and
 * {@code stats http-request auth}, as HAProxy's manual writes them for the statistics.
 */
class UserlistTest {
    /** Made with {@code openssl passwd -6 -salt abcdefgh adm1n} on Debian 12. */
    static final String ADMIN_HASH = "$6$abcdefgh$uLRoKJ9vbT/ttH74DJRSfpHFK9TkfEwLVY1MQe2PVg/bM1Hk5fGerQ0eTJ6QTYKbv19m1"
            + "FtqtzHCGMd58AKOs1";
    /** Made with {@code openssl passwd -5 -salt XYZsalt s3cret}. */
    static final String SHA256_HASH = "$5$XYZsalt$Nxqt74L7hzQyv25S6x9xa.3nFItQCYSWEwltrzfF7rD";

    private static final String DEFAULTS = "defaults\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\n";

    /** HAProxy's example for "stats admin", with a hashed admin: the userlist at line 5, the backend at 10. */
    static final String MANUAL = DEFAULTS + """
            userlist stats-auth
              group admin    users admin
              user  admin    password %s
              group readonly users haproxy
              user  haproxy  insecure-password haproxy
            backend stats_auth
              stats enable
              acl AUTH       http_auth(stats-auth)
              acl AUTH_ADMIN http_auth_group(stats-auth) admin
              stats http-request auth unless AUTH
              stats admin if AUTH_ADMIN
              server s 127.0.0.1:1
            """.formatted(ADMIN_HASH);

    @Test
    void haproxysStatsExampleGivesUsersGroupsAndTheRules() throws ConfigException {
        Config config = Cfg.parse(MANUAL);
        Userlist list = config.userlists().get("stats-auth");
        assertEquals(5, list.line());
        assertEquals(List.of("admin", "haproxy"), List.copyOf(list.users().keySet()));
        assertEquals(List.of("admin", "readonly"), List.copyOf(list.groups().keySet()));
        User admin = list.user("admin").orElseThrow();
        assertEquals(Optional.of(new User.Hashed(ADMIN_HASH)), admin.password());
        assertEquals(Set.of("admin"), admin.groups());
        assertEquals(Optional.of(new User.Insecure("haproxy")), list.user("haproxy").orElseThrow().password());
        assertEquals(Set.of("haproxy"), list.groups().get("readonly").users());

        Stats stats = config.backends().get("stats_auth").stats();
        assertTrue(stats.enabled());
        Stats.AuthRule rule = stats.authRules().get(0);
        assertEquals(Optional.empty(), rule.realm());
        assertEquals(14, rule.line());
        assertTrue(rule.condition().orElseThrow().unless());
        assertEquals(Set.of("stats-auth"), rule.condition().orElseThrow().userlists());
        Acl.Criterion group = stats.admin().orElseThrow().alternatives().get(0).get(0).acl().criteria().get(0);
        assertEquals(Acl.Fetch.HTTP_AUTH_GROUP, group.fetch());
        assertEquals("stats-auth", group.argument());
        assertEquals(List.of("admin"), group.patterns());
        assertFalse(config.backends().containsKey("stats-auth"), "a userlist is not a proxy");
        assertTrue(config.frontends().isEmpty());
    }

    @Test
    void groupMembershipFromEitherSideAndBothHashSchemes() throws ConfigException {
        Userlist list = Cfg.parse(DEFAULTS + """
                userlist L1
                  group G1 users tiger,scott
                  group G2 users xdb,scott
                  user tiger password %s
                  user scott insecure-password elgato
                  user xdb password %s groups G1
                """.formatted(ADMIN_HASH, SHA256_HASH)).userlists().get("L1");
        assertEquals(Set.of("G1", "G2"), list.user("scott").orElseThrow().groups());
        assertEquals(Set.of("G1", "G2"), list.user("xdb").orElseThrow().groups());
        assertEquals(Set.of("tiger", "scott", "xdb"), list.groups().get("G1").users());
        assertEquals(Set.of("xdb", "scott"), list.groups().get("G2").users());
        assertEquals(Optional.of(new User.Hashed(SHA256_HASH)), list.user("xdb").orElseThrow().password());
    }

    @Test
    void hashesNeedNoQuotingAndDollarsStayLiteralOutsideDoubleQuotes() throws ConfigException {
        // $abcdefgh would be an (undefined) environment variable in a proxy section.
        Userlist list = Cfg.parse(DEFAULTS + "userlist L\n  user a password " + ADMIN_HASH
                + "\n  user b insecure-password pa$$word$HOST\n  user c insecure-password \"${HOST}\"\n"
                + "backend B\n  server s \"$HOST:1\"\n").userlists().get("L");
        assertEquals(Optional.of(new User.Hashed(ADMIN_HASH)), list.user("a").orElseThrow().password());
        assertEquals(Optional.of(new User.Insecure("pa$$word$HOST")), list.user("b").orElseThrow().password());
        assertEquals(Optional.of(new User.Insecure("10.0.0.7")), list.user("c").orElseThrow().password());
    }

    @Test
    void plainTextPasswordsWarnPointingAtTheHashedForm() throws ConfigException {
        List<String> warnings = Cfg.warnings(DEFAULTS + """
                userlist L
                  user viewer insecure-password s3cret
                  user ghost
                backend B
                  stats auth ops:0ther
                  server s 127.0.0.1:1
                frontend F
                  default_backend B
                """);
        assertEquals(List.of(
                "t.cfg:6: user 'viewer' in userlist 'L' has a plain-text password ('insecure-password'): whoever reads"
                        + " this file can log in as 'viewer'; store a crypt(3) hash instead, 'user viewer password"
                        + " <hash>', and make one with 'mkpasswd -m sha-512' (Debian package whois) or 'openssl"
                        + " passwd -6'",
                "t.cfg:7: user 'ghost' in userlist 'L' has no password: it can never log in",
                "t.cfg:9: 'stats auth' keeps the password of 'ops' in plain text: whoever reads this file can log in;"
                        + " prefer a userlist with a crypt(3) hash, 'user ops password <hash>' (make one with 'mkpasswd"
                        + " -m sha-512' (Debian package whois) or 'openssl passwd -6'; see 'userlist' in"
                        + " docs/configuration.md)"),
                warnings);
    }

    @Test
    void aBackendThatOnlyDeclaresStatsUsersIsPointedAtUserlist() throws ConfigException {
        List<String> warnings = Cfg.warnings(DEFAULTS + """
                frontend F
                  default_backend B
                backend B
                  server s 127.0.0.1:1
                backend VIEWERS
                  stats auth viewer:s3cret
                  server unused 127.0.0.1:9
                """);
        assertTrue(warnings.contains("t.cfg:9: backend 'VIEWERS' only serves to declare 'stats auth' users (no frontend"
                + " routes to it), yet it shows as a proxy on the stats page: declare the users in a 'userlist'"
                + " section instead (see 'userlist' in docs/configuration.md)"), warnings.toString());
        assertFalse(warnings.stream().anyMatch(w -> w.contains("backend 'B' only")), warnings.toString());
    }

    @Test
    void statsHttpRequestAuthTakesARealmAndACondition() throws ConfigException {
        Stats stats = Cfg.parse(DEFAULTS + """
                userlist L
                  user a insecure-password a
                listen stats
                  acl AUTH http_auth(L)
                  stats http-request auth realm Ops\\ only if !AUTH
                  stats http-request auth unless { http_auth(L) }
                  server s 127.0.0.1:1
                """).backends().get("stats").stats();
        assertEquals(2, stats.authRules().size());
        assertEquals(Optional.of("Ops only"), stats.authRules().get(0).realm());
        assertFalse(stats.authRules().get(0).condition().orElseThrow().unless());
        assertEquals(Set.of("L"), stats.authRules().get(1).condition().orElseThrow().userlists());
    }

    @Test
    void aRuleThatChecksNoUserlistWarnsThatNobodyLogsInThroughIt() throws ConfigException {
        List<String> warnings = Cfg.warnings(Cfg.backend("  server s 127.0.0.1:1", "  stats http-request auth",
                "  stats http-request auth unless LOCALHOST"));
        String message = ": 'stats http-request auth' checks no userlist (http_auth(<userlist>) or"
                + " http_auth_group(<userlist>) <group>): nobody can log in through it, Lodestar never serves the"
                + " statistics without a login";
        assertEquals(List.of("t.cfg:7" + message, "t.cfg:8" + message), warnings);
    }

    @Test
    void userlistErrors() {
        assertEquals(List.of(
                "t.cfg:5: 'userlist' needs a name",
                "t.cfg:6: unknown keyword 'password' in 'userlist' section (supported: group, user)",
                "t.cfg:7: 'userlist L': unexpected argument 'extra'",
                "t.cfg:8: invalid userlist name 'a/b' (letters, digits, '-', '_', '.' and ':' only)",
                "t.cfg:10: userlist 'M' is already declared at line 9 (userlist names must be unique)"),
                Cfg.errors(DEFAULTS + """
                        userlist
                          password x
                        userlist L extra
                        userlist a/b
                        userlist M
                        userlist M
                        """));
    }

    @Test
    void groupErrors() {
        assertEquals(List.of(
                "t.cfg:6: 'group' expects <name> [users <user>,<user>...]",
                "t.cfg:7: 'group g': unexpected 'boss' (expected 'users <user>,<user>...')",
                "t.cfg:8: 'group g': 'users' expects one comma-separated list of users",
                "t.cfg:9: 'group g': invalid user name '' (letters, digits, '-', '_', '.' and ':' only)",
                "t.cfg:10: group 'h' in userlist 'L': no user named 'nobody' (users: boss)",
                "t.cfg:11: group 'h' is already declared in userlist 'L' at line 10"),
                Cfg.errors(DEFAULTS + """
                        userlist L
                          group
                          group g boss
                          group g users
                          group g users boss,
                          group h users boss,nobody
                          group h
                          user boss insecure-password x
                        """));
    }

    @Test
    void userErrors() {
        assertEquals(List.of(
                "t.cfg:6: 'user' expects <name> [password <hash>|insecure-password <password>]"
                        + " [groups <group>,<group>...]",
                "t.cfg:7: 'user a': unexpected 'secret' (expected password, insecure-password or groups)",
                "t.cfg:8: 'user a': 'password' expects a value",
                "t.cfg:9: 'user a': more than one password",
                "t.cfg:10: user 'b' in userlist 'L': no group named 'nope' (groups: g)",
                "t.cfg:11: user 'b' is already declared in userlist 'L' at line 10",
                "t.cfg:12: 'user c!': invalid user name 'c!' (letters, digits, '-', '_', '.' and ':' only)"),
                Cfg.errors(DEFAULTS + """
                        userlist L
                          user
                          user a secret
                          user a password
                          user a insecure-password x password y
                          user b insecure-password x groups g,nope
                          user b insecure-password y
                          user c! insecure-password z
                          group g
                        """));
    }

    @Test
    void onlyWellFormedShaCryptHashesAreAccepted() {
        String how = "; Lodestar verifies crypt(3) SHA-512 ('$6$...') and SHA-256 ('$5$...') hashes: make one with"
                + " 'mkpasswd -m sha-512' (Debian package whois) or 'openssl passwd -6'";
        assertEquals(List.of(
                "t.cfg:6: 'user a': unsupported password hash: MD5-crypt ('$1$')" + how,
                "t.cfg:7: 'user b': unsupported password hash: bcrypt ('$2y$')" + how,
                "t.cfg:8: 'user c': unsupported password hash: yescrypt ('$y$', the default of Debian's mkpasswd)" + how,
                "t.cfg:9: 'user d': 'password' expects a crypt(3) hash, this is none (traditional DES crypt is not"
                        + " supported; a plain-text password goes after 'insecure-password')" + how,
                "t.cfg:10: 'user e': malformed SHA-512 crypt hash: 85 characters after the salt, expected 86",
                "t.cfg:11: 'user f': malformed SHA-256 crypt hash (expected $5$[rounds=<n>$]<salt of 1 to 16"
                        + " characters>$<digest>)" + how,
                "t.cfg:12: 'user g': rounds=999 is outside 1000..999999999, which crypt(3) never writes",
                "t.cfg:13: 'user h': unsupported password hash: Apache MD5 ('$apr1$')" + how),
                Cfg.errors(DEFAULTS + "userlist L\n"
                        + "  user a password $1$saltsalt$qjXMvbEw8oaL.CzflDugX/\n"
                        + "  user b password $2y$10$abcdefghijklmnopqrstuuABCDEFGHIJKLMNOPQRSTUVWXYZ01234\n"
                        + "  user c password $y$j9T$F5Jx5fExrKuPp53xLKQ..1$X3DX6M94c7o.9agCG9G317fhZg9SqC.5i5rd.RhAtQ7\n"
                        + "  user d password s3cret\n"
                        + "  user e password " + ADMIN_HASH.substring(0, ADMIN_HASH.length() - 1) + "\n"
                        + "  user f password $5$toolongsaltstring1$Un/5jzAHMgOGZ5.mWJpuVolil07guHPvOW8mGRcvxa5\n"
                        + "  user g password $6$rounds=999$roundstoolow$kUMsbe306n21p9R.FRkW3IGn.S9NPN0x50YhH1xhLsP"
                        + "uWGsUSklZt58jaTfF4ZEQpyUNGc0dqbpBYYBaHHrsX.\n"
                        + "  user h password $apr1$salt$hash\n"));
    }

    @Test
    void referencesToUserlistsAndGroupsAreCheckedWhereverTheUserlistIs() throws ConfigException {
        assertEquals(List.of(
                "t.cfg:6: 'acl A': no userlist named 'M' (userlists: L)",
                "t.cfg:7: 'acl G': userlist 'L' has no group 'zz' (groups: admin)",
                "t.cfg:8: 'stats admin': no userlist named 'N' (userlists: L)"),
                Cfg.errors(DEFAULTS + """
                        backend B
                          acl A http_auth(M)
                          acl G http_auth_group(L) admin zz
                          stats admin if { http_auth(N) }
                          server s 127.0.0.1:1
                        userlist L
                          group admin users boss
                          user boss insecure-password x
                        """));
        assertEquals(List.of("t.cfg:6: 'acl A': no userlist named 'L' (there is no userlist)"),
                Cfg.errors(Cfg.backend("  acl A http_auth(L)", "  server s 127.0.0.1:1")));
        // Declared after its use, as HAProxy allows.
        Cfg.parse(Cfg.backend("  acl A http_auth(L)", "  stats http-request auth unless A", "  server s 127.0.0.1:1")
                + "userlist L\n  user boss insecure-password x\n");
    }

    @Test
    void credentialAclErrors() {
        assertEquals(List.of(
                "t.cfg:6: 'acl A': criterion 'http_auth' needs a userlist name, as in 'http_auth(stats-auth)'",
                "t.cfg:7: 'acl B': criterion 'http_auth(L)' takes no pattern, got 'yes'",
                "t.cfg:8: 'acl C': criterion 'http_auth_group(L)' needs at least one group",
                "t.cfg:9: 'acl D': criterion 'http_auth_group(L)' takes group names only, got '-i'",
                "t.cfg:10: 'acl E': invalid userlist name 'L,M' in 'http_auth(L,M)'"),
                Cfg.errors(Cfg.backend("  acl A http_auth", "  acl B http_auth(L) yes", "  acl C http_auth_group(L)",
                        "  acl D http_auth_group(L) -i admin", "  acl E http_auth(L,M)", "  server s 127.0.0.1:1")
                        + "userlist L\n  user a insecure-password a\n"));
    }

    @Test
    void statsHttpRequestErrors() {
        assertEquals(List.of(
                "t.cfg:4: 'stats http-request' is not allowed in 'defaults' section (frontend, backend and listen only)",
                "t.cfg:6: 'stats http-request' expects an action (supported: auth)",
                "t.cfg:7: unsupported stats http-request action 'deny' (supported: auth; Lodestar never serves the"
                        + " statistics without a login, and cannot allow or deny them per request)",
                "t.cfg:8: 'stats http-request auth realm' expects a realm (escape spaces with '\\ ')",
                "t.cfg:9: 'stats http-request auth': expected 'if' or 'unless', got 'when'",
                "t.cfg:10: 'stats http-request auth': unknown ACL 'NOPE' (declare it with 'acl' earlier in this section;"
                        + " predefined: TRUE, FALSE, LOCALHOST)"),
                Cfg.errors("""
                        defaults
                          timeout connect 1s
                          timeout server 1s
                          stats http-request auth
                        backend B
                          stats http-request
                          stats http-request deny
                          stats http-request auth realm
                          stats http-request auth when TRUE
                          stats http-request auth unless NOPE
                          server s 127.0.0.1:1
                        """));
    }

    @Test
    void statsHttpRequestWithStatsAuthOrRealmInTheSameSectionIsRefusedAsByHaproxy() throws ConfigException {
        String refused = "'stats http-request' cannot be used with 'stats auth' or 'stats realm' in the same section"
                + " (line %d), as in HAProxy: put the users in a userlist and the realm on the rule ('stats http-request"
                + " auth realm <realm>')";
        assertEquals(List.of("t.cfg:8: " + refused.formatted(6), "t.cfg:12: " + refused.formatted(11)),
                Cfg.errors(DEFAULTS + """
                        backend B
                          stats auth a:b
                          acl AUTH http_auth(L)
                          stats http-request auth unless AUTH
                          server s 127.0.0.1:1
                        listen C
                          stats realm Ops
                          stats http-request auth unless { http_auth(L) }
                        userlist L
                          user a insecure-password a
                        """));
        // Inherited from defaults, both are allowed, as in HAProxy: both kinds of users log in.
        Cfg.parse(DEFAULTS.replace("defaults\n", "defaults\n  stats auth a:b\n  stats realm Ops\n")
                + "backend B\n  stats http-request auth unless { http_auth(L) }\n  server s 127.0.0.1:1\n"
                + "userlist L\n  user a insecure-password a\n");
    }

    @Test
    void credentialAclsAreRefusedInRoutingAndRewrites() {
        String message = "its condition checks credentials (http_auth, http_auth_group), which Lodestar evaluates only"
                + " in 'stats http-request auth' and 'stats admin' conditions";
        assertEquals(List.of("t.cfg:7: 'use_backend': " + message, "t.cfg:11: 'http-request': " + message),
                Cfg.errors(DEFAULTS + """
                        frontend F
                          acl AUTH http_auth(L)
                          use_backend B if AUTH
                          default_backend B
                        backend B
                          acl P path_beg /x
                          http-request set-path /y if P or { http_auth_group(L) g }
                          server s 127.0.0.1:1
                        userlist L
                          group g
                        """));
    }
}
