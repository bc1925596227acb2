package org.lodestar.it.deploy;

import java.nio.file.Path;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Lodestar on one of the smoke suite's servers, deployed exactly as the suite deploys it, for the benchmarks
 * (bench/leader-change) to measure it beside HAProxy. Not a test.
 *
 * <pre>java -cp target/test-classes -Dlodestar.war=… -Dlodestar.servers=DIR -Dlodestar.serverConfig=server-config
 *      -Dpayara.server.home=… | -Dwildfly.home=… | -Dtomcat.home=… -Dlodestar.tomcatWar=…
 *      org.lodestar.it.deploy.BenchServer payara-server|wildfly|tomcat CONFIG</pre>
 *
 * Prints {@code listening http://127.0.0.1:PORT} once Lodestar is deployed, and stops the server (by PID,
 * as the suite does) when asked to stop (SIGTERM, Ctrl-C).
 */
public final class BenchServer {
    private static final Map<String, Supplier<AppServer>> SERVERS = Map.of(
            "payara-server", PayaraServer::new,
            "wildfly", WildFlyServer::new,
            "tomcat", TomcatServer::new);

    private BenchServer() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2 || !SERVERS.containsKey(args[0])) {
            System.err.println("usage: BenchServer " + String.join("|", SERVERS.keySet()) + " CONFIG");
            System.exit(2);
        }
        AppServer server = SERVERS.get(args[0]).get();
        Thread stopper = new Thread(server::stop, "stop-" + args[0]);
        Runtime.getRuntime().addShutdownHook(stopper);
        try {
            server.start(Path.of(args[1]).toAbsolutePath());
        } catch (Exception e) {
            System.err.println(args[0] + " did not start: " + e.getMessage() + "; see " + server.log());
            System.exit(1);
        }
        System.out.println("listening " + server.base());
        System.out.flush();
        Thread.currentThread().join(); // until SIGTERM or Ctrl-C: the shutdown hook stops the server
    }
}
