package org.lodestar.it.spark;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a Spark HA cluster and, when the WAR is built, Lodestar on Payara Micro in front of it, until
 * interrupted (Ctrl-C stops everything). {@code mvn -Pdemo -DskipTests package}.
 *
 * <p>System properties: {@code lodestar.demo.port} (default 8080; a free port is taken if it is busy),
 * {@code lodestar.demo.payara=false} to run the Spark cluster alone.
 */
public final class SparkDemo {
    private static final String PAYARA_MICRO = "fish.payara.extras:payara-micro:6.2025.10";

    private SparkDemo() {
    }

    public static void main(String[] args) throws Exception {
        Path base = SparkClasspath.projectDir();
        SparkCluster cluster = SparkCluster.start(base.resolve("target/spark-cluster"));
        SparkCluster.Master leader = cluster.awaitLeader(Duration.ofSeconds(10));
        System.out.println();
        System.out.println("Spark masters (logs in target/spark-cluster/):");
        for (SparkCluster.Master m : cluster.masters()) {
            System.out.printf("  %s  %s  pid %d%s%n", m.name(), m.uiUri(), m.pid(), m == leader ? "  <- leader (ALIVE)" : "");
        }

        Path war = base.resolve("target/lodestar.war");
        if (Boolean.parseBoolean(System.getProperty("lodestar.demo.payara", "true")) && Files.isRegularFile(war)) {
            Process payara = startLodestar(base, war, cluster.uiAddresses());
            Runtime.getRuntime().addShutdownHook(new Thread(() -> stop(payara), "payara-micro-shutdown"));
        } else {
            System.out.println("(Lodestar not started: no target/lodestar.war or lodestar.demo.payara=false)");
        }
        System.out.println();
        System.out.println("Kill the leader with: kill -9 " + leader.pid());
        System.out.println("Ctrl-C stops everything.");
        Thread.currentThread().join();
    }

    /** Writes the reference config with the masters' addresses and starts Payara Micro with the WAR. */
    private static Process startLodestar(Path base, Path war, List<String> masters) throws IOException, InterruptedException {
        String config = Files.readString(base.resolve("server-config/lodestar.cfg"));
        for (int i = 0; i < masters.size(); i++) {
            String reference = "127.0.0.1:1808" + (i + 1);
            if (!config.contains(reference)) {
                throw new IllegalStateException("server-config/lodestar.cfg has no " + reference);
            }
            config = config.replace(reference, masters.get(i));
        }
        Path dir = Files.createDirectories(base.resolve("target/spark-demo"));
        Path cfg = dir.resolve("lodestar.cfg");
        Files.writeString(cfg, config);

        int port = Integer.getInteger("lodestar.demo.port", 8080);
        if (!isFree(port)) {
            int requested = port;
            try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
                port = s.getLocalPort();
            }
            System.out.printf("Port %d is busy; Lodestar gets port %d instead%n", requested, port);
        }
        Path jar = SparkClasspath.artifact(PAYARA_MICRO);
        Path log = dir.resolve("payara-micro.log");
        List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Dlodestar.config=" + cfg, "-Dhazelcast.socket.bind.any=false", "-jar", jar.toString(),
                "--nocluster", "--port", String.valueOf(port),
                "--prebootcommandfile", base.resolve("server-config/payara-micro/preboot.asadmin").toString(),
                "--deploy", war + ":/");
        Files.writeString(log, String.format("%n===== %s starting: %s%n", Instant.now(), String.join(" ", command)),
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        Process payara = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                .start();
        System.out.printf("Starting Lodestar on Payara Micro (pid %d, log %s, config %s)...%n", payara.pid(),
                base.relativize(log), base.relativize(cfg));
        try {
            URI uri = URI.create("http://127.0.0.1:" + port + "/spark/");
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
            long t0 = System.nanoTime();
            int status = SparkCluster.await("Lodestar answering on " + uri, Duration.ofSeconds(300), () -> {
                if (!payara.isAlive()) {
                    throw new IllegalStateException("Payara Micro exited with " + payara.exitValue() + ", see " + log);
                }
                try {
                    HttpResponse<Void> r = http.send(HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(5)).build(),
                            HttpResponse.BodyHandlers.discarding());
                    return r.statusCode() == 200 ? 200 : null;
                } catch (IOException e) {
                    return null;
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            });
            System.out.printf("Lodestar answered %d after %d s%n", status, (System.nanoTime() - t0) / 1_000_000_000);
        } catch (RuntimeException e) {
            stop(payara);
            throw e;
        }
        System.out.println();
        System.out.printf("open http://127.0.0.1:%d/spark/ — Payara Micro pid %d%n", port, payara.pid());
        return payara;
    }

    private static void stop(Process process) {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
        }
    }

    private static boolean isFree(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 1);
        } catch (IOException e) {
            return false;
        }
        // Payara Micro listens on every interface unless the preboot file narrows it: check those too.
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(true);
            socket.bind(new InetSocketAddress(port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }
}
