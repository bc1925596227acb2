import java.util.List;
import org.lodestar.config.ConfigParser;
import org.lodestar.stats.StatsAccess;

/**
 * What a dashboard login costs the identity store, per HTTP Basic request: a SHA-512 crypt user whose
 * password was just checked (remembered), the same user with a wrong password (a full hash each time), an
 * insecure-password user, and a stats auth user. Run by bench/login-cost; a benchmark, not a test.
 */
public final class LoginCost {
    public static void main(String[] args) throws Exception {
        String hash = args[0];
        StatsAccess access = StatsAccess.of(ConfigParser.parse("bench.cfg", """
                defaults
                  timeout connect 1s
                  timeout client 1s
                  timeout server 1s
                userlist stats-auth
                  group admin users boss
                  user boss password %s
                  user viewer insecure-password s3cret
                frontend F
                  acl STATS_USER  http_auth(stats-auth)
                  acl STATS_ADMIN http_auth_group(stats-auth) admin
                  stats http-request auth unless STATS_USER
                  stats admin if STATS_ADMIN
                  default_backend B
                backend B
                  stats auth ops:0ther
                  server s 127.0.0.1:1
                """.formatted(hash)));
        check(access.authenticate("boss", "adm1n"), "lodestar-admin");
        System.out.printf("%-44s %10s%n", "login", "µs/login");
        for (int round = 0; round < 3; round++) {
            measure("hashed admin, wrong password (full hash)", 200, () -> access.authenticate("boss", "wrong"));
            measure("hashed admin, remembered password", 200_000, () -> access.authenticate("boss", "adm1n"));
            measure("insecure-password viewer", 200_000, () -> access.authenticate("viewer", "s3cret"));
            measure("stats auth user", 200_000, () -> access.authenticate("ops", "0ther"));
            System.out.println();
        }
    }

    private static void measure(String what, int times, Runnable login) {
        for (int i = 0; i < times / 10; i++) {
            login.run();
        }
        long start = System.nanoTime();
        for (int i = 0; i < times; i++) {
            login.run();
        }
        System.out.printf("%-44s %10.1f%n", what, (System.nanoTime() - start) / 1e3 / times);
    }

    private static void check(List<String> roles, String role) {
        if (!roles.equals(List.of(role))) {
            throw new AssertionError("expected " + role + ", got " + roles);
        }
    }
}
