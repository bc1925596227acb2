package org.lodestar.it.deploy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * WildFly 39 with lodestar.war: a fresh copy of standalone/ as the server base, bound to loopback with a
 * free port offset, set up by server-config/wildfly/lodestar.cli, the WAR dropped into deployments/ as
 * ROOT.war (context root /) and awaited through the scanner's .deployed / .failed marker.
 */
final class WildFlyServer implements AppServer {
    private static final int HTTP = 8080;
    private static final int MANAGEMENT = 9990;

    private final Path home = Path.of(System.getProperty("wildfly.home"));
    private final Path base = Path.of(System.getProperty("lodestar.servers"), "wildfly-base");
    private final int offset = ServerProcess.freeBase(HTTP, 8443, MANAGEMENT, 9993);
    private Process process;

    @Override
    public void start(Path config) throws Exception {
        DeployedFiles.deleteTree(base);
        DeployedFiles.copyTree(home.resolve("standalone"), base);
        Files.deleteIfExists(log());
        process = ServerProcess.start(List.of("bash", home.resolve("bin/standalone.sh").toString(),
                "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                "-Djboss.server.base.dir=" + base, "-Djboss.socket.binding.port-offset=" + offset,
                "-Dlodestar.config=" + config),
                Map.of("LAUNCH_JBOSS_IN_BACKGROUND", "1", "JBOSS_PIDFILE", base.resolve("wildfly.pid").toString()),
                log());
        // WFLYSRV0025: started; WFLYSRV0026: started with errors (the CLI run would then fail, and say why).
        if (!ServerProcess.await(Duration.ofMinutes(3), () -> logContains("WFLYSRV0025") || logContains("WFLYSRV0026")
                || !process.isAlive())) {
            throw new IllegalStateException("WildFly did not start, see " + log());
        }
        ServerProcess.run(List.of("bash", home.resolve("bin/jboss-cli.sh").toString(), "--connect",
                "--controller=127.0.0.1:" + (MANAGEMENT + offset), "--timeout=120000",
                "--file=" + Path.of(System.getProperty("lodestar.serverConfig"), "wildfly", "lodestar.cli")),
                Map.of(), log(), Duration.ofMinutes(4));
        Path deployments = base.resolve("deployments");
        Files.copy(Path.of(System.getProperty("lodestar.war")), deployments.resolve("ROOT.war.tmp"));
        Files.move(deployments.resolve("ROOT.war.tmp"), deployments.resolve("ROOT.war"), StandardCopyOption.ATOMIC_MOVE);
        Path deployed = deployments.resolve("ROOT.war.deployed");
        Path failed = deployments.resolve("ROOT.war.failed");
        if (!ServerProcess.await(Duration.ofMinutes(3), () -> Files.exists(deployed) || Files.exists(failed)
                || !process.isAlive())) {
            throw new IllegalStateException("WildFly did not deploy lodestar.war, see " + log());
        }
        if (!Files.exists(deployed)) {
            throw new IllegalStateException("WildFly failed to deploy lodestar.war: " + read(failed)
                    + "\n" + ServerProcess.tail(log()));
        }
    }

    private boolean logContains(String text) {
        try {
            return Files.readString(log()).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return "(no " + file.getFileName() + ")";
        }
    }

    @Override
    public URI base() {
        return URI.create("http://127.0.0.1:" + (HTTP + offset));
    }

    @Override
    public void stop() {
        // standalone.sh waits for the JVM it started; ending the script's tree ends the server too, and the
        // PID file covers a JVM that outlived its script.
        if (process != null) {
            ServerProcess.kill(process.toHandle());
        }
        ServerProcess.fromPidFile(base.resolve("wildfly.pid")).ifPresent(ServerProcess::kill);
    }

    @Override
    public Path log() {
        return Path.of(System.getProperty("lodestar.servers"), "wildfly.log");
    }
}
