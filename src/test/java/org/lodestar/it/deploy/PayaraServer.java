package org.lodestar.it.deploy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Payara Server 6 with lodestar.war: a new domain on a free port base, bound to loopback before its first
 * start, set up by server-config/payara-server/lodestar.asadmin, the config location as a system property,
 * the WAR deployed by {@code asadmin deploy} at context root /. Stopped by asadmin, then by the PID the
 * domain wrote.
 */
final class PayaraServer implements AppServer {
    private static final String DOMAIN = "lodestar";
    private static final int HTTP = 80;
    private static final int ADMIN = 48;
    private static final Duration ASADMIN_LIMIT = Duration.ofMinutes(5);

    private final Path home = Path.of(System.getProperty("payara.server.home"));
    private final Path domains = Path.of(System.getProperty("lodestar.servers"), "payara-domains");
    /** Ports of a portbase domain: http, https, admin, IIOP (3), JMX, JMS, Hazelcast DAS and members. */
    private final int portBase = ServerProcess.freeBase(HTTP, 81, ADMIN, 37, 38, 39, 86, 76, 49, 59, 60, 61);
    /** Read once the domain runs: stop-domain deletes the file. */
    private ProcessHandle server;

    @Override
    public void start(Path config) throws Exception {
        DeployedFiles.deleteTree(domains);
        Files.deleteIfExists(log());
        asadmin(false, "create-domain", "--nopassword", "--portbase", String.valueOf(portBase),
                "--domaindir", domains.toString(), DOMAIN);
        bindToLoopback(domains.resolve(DOMAIN).resolve("config/domain.xml"));
        asadmin(false, "start-domain", "--domaindir", domains.toString(), DOMAIN);
        server = ServerProcess.fromPidFile(domains.resolve(DOMAIN).resolve("config/pid")).orElse(null);
        asadmin(true, "multimode", "--file",
                Path.of(System.getProperty("lodestar.serverConfig"), "payara-server", "lodestar.asadmin").toString());
        asadmin(true, "create-system-properties", "lodestar.config=" + config.toString().replace(":", "\\:"));
        asadmin(true, "deploy", "--contextroot", "/", "--name", "lodestar", System.getProperty("lodestar.war"));
    }

    /**
     * The setup file moves the HTTP listeners to loopback on a running domain; so that not even the first
     * start listens beyond loopback, the new domain's every listener is moved before it starts.
     */
    private static void bindToLoopback(Path domainXml) throws IOException {
        String xml = Files.readString(domainXml)
                .replace("address=\"0.0.0.0\"", "address=\"127.0.0.1\"")
                .replace("<network-listener port=", "<network-listener address=\"127.0.0.1\" port=")
                .replace("<hazelcast-runtime-configuration ", "<hazelcast-runtime-configuration interface=\"127.0.0.1\" ");
        Files.writeString(domainXml, xml);
    }

    private void asadmin(boolean remote, String... arguments) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/asadmin").toString()));
        if (remote) {
            command.addAll(List.of("--host", "127.0.0.1", "--port", String.valueOf(portBase + ADMIN)));
        }
        command.addAll(List.of(arguments));
        ServerProcess.run(command, Map.of(), log(), ASADMIN_LIMIT);
    }

    @Override
    public URI base() {
        return URI.create("http://127.0.0.1:" + (portBase + HTTP));
    }

    @Override
    public void stop() {
        try {
            asadmin(false, "stop-domain", "--domaindir", domains.toString(), DOMAIN);
        } catch (Exception e) {
            // the PID below ends it anyway
        } finally {
            if (server != null) {
                ServerProcess.kill(server);
            }
        }
    }

    /** asadmin's output; the server's own log is payara-domains/lodestar/logs/server.log beside it. */
    @Override
    public Path log() {
        return Path.of(System.getProperty("lodestar.servers"), "payara-server.log");
    }

    @Override
    public boolean grizzly() {
        return true;
    }
}
