package org.lodestar.it;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WAR the build produced, as it is or with its bundled configuration replaced for a test. */
public final class Deployments {
    private Deployments() {
    }

    /** The WAR as built, for a server that names its configuration file ({@code -Dlodestar.config}). */
    public static WebArchive lodestar(String archiveName) {
        return ShrinkWrap.create(ZipImporter.class, archiveName)
                .importFrom(Path.of(System.getProperty("lodestar.war")).toFile()).as(WebArchive.class);
    }

    public static WebArchive lodestarWith(String archiveName, String config) {
        WebArchive war = lodestar(archiveName);
        war.delete("WEB-INF/classes/lodestar.cfg");
        return war.addAsResource(new StringAsset(config), "lodestar.cfg");
    }

    /**
     * The tests' users, as the README adds them: a userlist {@code stats-auth} with {@code boss:adm1n} (a SHA-512
     * crypt hash, group {@code admin}: lodestar-admin) and {@code viewer:s3cret} ({@code insecure-password}, group
     * {@code readonly}: lodestar-viewer), and in the frontend {@code MGMTSRV} the rules that let them in.
     */
    public static String withStatsUsers(String config) {
        String frontend = "\nfrontend MGMTSRV\n";
        if (!config.contains(frontend)) {
            throw new IllegalArgumentException("no frontend MGMTSRV to put the stats rules in:\n" + config);
        }
        return config.replace(frontend, frontend + """
                  acl STATS_USER  http_auth(stats-auth)
                  acl STATS_ADMIN http_auth_group(stats-auth) admin
                  stats http-request auth unless STATS_USER
                  stats admin if STATS_ADMIN
                """) + """

                userlist stats-auth
                  group admin    users boss
                  group readonly users viewer
                  user  boss     password %s
                  user  viewer   insecure-password s3cret
                """.formatted(ADMIN_HASH);
    }

    /** {@code adm1n}, as {@code openssl passwd -6 -salt abcdefgh adm1n} hashes it. */
    private static final String ADMIN_HASH = "$6$abcdefgh$uLRoKJ9vbT/ttH74DJRSfpHFK9TkfEwLVY1MQe2PVg/bM1Hk5fGerQ0eTJ6QTY"
            + "Kbv19m1FtqtzHCGMd58AKOs1";

    /** The shipped reference configuration, its three servers moved to the given loopback ports. */
    public static String referenceConfig(int port1, int port2, int port3) throws IOException {
        return referenceConfig(List.of("127.0.0.1:" + port1, "127.0.0.1:" + port2, "127.0.0.1:" + port3));
    }

    /** The shipped reference configuration, its three servers moved to the given {@code host:port}s. */
    public static String referenceConfig(List<String> addresses) throws IOException {
        return Files.readString(Path.of(System.getProperty("lodestar.referenceConfig")))
                .replace("127.0.0.1:18081", addresses.get(0))
                .replace("127.0.0.1:18082", addresses.get(1))
                .replace("127.0.0.1:18083", addresses.get(2));
    }
}
