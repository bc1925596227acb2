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
 * Tomcat 10.1 with lodestar-tomcat.war: a fresh CATALINA_BASE whose server.xml and logging.properties are
 * server-config/tomcat's, Tomcat's other defaults, the WAR as webapps/ROOT.war; run in the foreground
 * ({@code catalina.sh run} execs the JVM), so the process started is the server.
 */
final class TomcatServer implements AppServer {
    private final Path home = Path.of(System.getProperty("tomcat.home"));
    private final Path base = Path.of(System.getProperty("lodestar.servers"), "tomcat-base");
    private final int port = ServerProcess.freeBase(0);
    private Process process;

    @Override
    public void start(Path config) throws Exception {
        DeployedFiles.deleteTree(base);
        for (String dir : List.of("conf", "logs", "temp", "webapps", "work")) {
            Files.createDirectories(base.resolve(dir));
        }
        for (String file : List.of("web.xml", "context.xml", "catalina.properties")) {
            Files.copy(home.resolve("conf").resolve(file), base.resolve("conf").resolve(file));
        }
        Path setup = Path.of(System.getProperty("lodestar.serverConfig"), "tomcat");
        Files.copy(setup.resolve("server.xml"), base.resolve("conf/server.xml"));
        Files.copy(setup.resolve("logging.properties"), base.resolve("conf/logging.properties"));
        process = ServerProcess.start(List.of("bash", home.resolve("bin/catalina.sh").toString(), "run"),
                Map.of("CATALINA_HOME", home.toString(), "CATALINA_BASE", base.toString(),
                        "CATALINA_OPTS", "-Dlodestar.http.port=" + port + " -Dlodestar.config=" + config),
                log());
        // Copied once Tomcat runs, so the host's auto-deployment picks it up like an operator's copy.
        Path war = Path.of(System.getProperty("lodestar.tomcatWar"));
        Files.copy(war, base.resolve("webapps/ROOT.war.tmp"));
        Files.move(base.resolve("webapps/ROOT.war.tmp"), base.resolve("webapps/ROOT.war"),
                StandardCopyOption.ATOMIC_MOVE);
        if (!ServerProcess.await(Duration.ofMinutes(3), () -> deployed() || !process.isAlive())) {
            throw new IllegalStateException("Tomcat did not deploy lodestar-tomcat.war, see " + log());
        }
        if (!process.isAlive() || !logContains("Deployment of web application archive")
                || logContains("startup failed") || logContains("Error deploying")) {
            throw new IllegalStateException("Tomcat failed to deploy:\n" + ServerProcess.tail(log()));
        }
    }

    private boolean deployed() {
        return logContains("Deployment of web application archive [" + base.resolve("webapps/ROOT.war"));
    }

    private boolean logContains(String text) {
        try {
            return Files.readString(log()).contains(text);
        } catch (IOException e) {
            return false;
        }
    }

    @Override
    public URI base() {
        return URI.create("http://127.0.0.1:" + port);
    }

    @Override
    public void stop() {
        if (process != null) {
            ServerProcess.kill(process.toHandle());
        }
    }

    @Override
    public Path log() {
        return Path.of(System.getProperty("lodestar.servers"), "tomcat.log");
    }
}
