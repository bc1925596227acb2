package org.lodestar.it.cluster;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Lodestar of a cluster test: a plain Payara Micro process (as an operator starts it, with the shipped pre-boot
 * file) deploying the built WAR at {@code /}, reading its own copy of the configuration, its instance id given by
 * {@code -Dlodestar.instance}. Stopped by PID; {@link #kill()} is {@code kill -9}.
 */
final class LodestarProcess implements AutoCloseable {
    private static final Duration START_LIMIT = Duration.ofSeconds(300);

    final String id;
    final Path directory;
    final int port;
    private Process process;

    LodestarProcess(String id, Path directory) throws IOException {
        this.id = id;
        this.directory = Files.createDirectories(directory);
        this.port = freePort();
    }

    Path config() {
        return directory.resolve("lodestar.cfg");
    }

    Path log() {
        return directory.resolve("payara.log");
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port + path);
    }

    /** Starts the process; {@link #awaitMonitor} tells when it routes. */
    void start() throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-Xss512k", "-XX:+UseSerialGC", "-XX:ReservedCodeCacheSize=64m",
                "-Dhazelcast.socket.bind.any=false", "-Dlodestar.config=" + config(), "-Dlodestar.instance=" + id,
                "-jar", System.getProperty("payara.microJar"), "--nocluster", "--port", Integer.toString(port),
                "--prebootcommandfile", System.getProperty("lodestar.preboot"),
                "--deploy", System.getProperty("lodestar.war") + ":/"));
        process = new ProcessBuilder(command).directory(directory.toFile()).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log().toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    }

    /** Waits until its monitor URI answers 200: it routes from then on. */
    void awaitMonitor(HttpClient http, String monitorUri) throws Exception {
        long deadline = System.nanoTime() + START_LIMIT.toNanos();
        while (System.nanoTime() < deadline) {
            if (!process.isAlive()) {
                throw new IllegalStateException(id + " exited with " + process.exitValue() + ", see " + log());
            }
            try {
                HttpResponse<Void> r = http.send(HttpRequest.newBuilder(url(monitorUri)).timeout(Duration.ofSeconds(5))
                        .build(), HttpResponse.BodyHandlers.discarding());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException(id + " did not answer its monitor URI within " + START_LIMIT + ", see " + log());
    }

    long pid() {
        return process.pid();
    }

    /** {@code kill -9}: no undeploy, no goodbye to ZooKeeper. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
        if (process == null) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroy);
        for (ProcessHandle handle : all) {
            try {
                handle.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception stillRunning) {
                handle.destroyForcibly();
            }
        }
    }

    static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }
}
