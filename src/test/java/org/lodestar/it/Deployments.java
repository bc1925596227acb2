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
     * Two sections that only declare the tests' users, appended to a configuration: {@code viewer:s3cret}
     * (lodestar-viewer) and {@code boss:adm1n} (lodestar-admin). Their placeholder servers are never used.
     */
    public static String statsUsers() throws IOException {
        return """

                backend VIEWERS
                  stats auth viewer:s3cret
                  server nobody 127.0.0.1:%d

                backend ADMINS
                  stats auth boss:adm1n
                  stats admin if TRUE
                  server nobody 127.0.0.1:%d
                """.formatted(TestBackend.closedPort(), TestBackend.closedPort());
    }

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
