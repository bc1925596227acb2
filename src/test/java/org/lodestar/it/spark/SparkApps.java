package org.lodestar.it.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Spark applications for the tests: {@code src/test/spark/app} (never on Lodestar's classpath) is compiled
 * against the cluster's Spark classpath into one jar, cached under target/ by the sources' digest, and run
 * with {@code spark-submit} (Spark's {@code SparkSubmit} class as a JVM of the cluster), as a user runs them.
 */
public final class SparkApps {
    static final String SOURCES = "src/test/spark/app";
    public static final String LINGERING_APP = "org.lodestar.sparkapp.LingeringApp";
    private static final Pattern APP_ID = Pattern.compile("\"id\"\\s*:\\s*\"(app-[^\"]+)\"");
    private static final Pattern EXECUTOR_ID = Pattern.compile("\"id\"\\s*:\\s*\"(\\d+)\"");

    private SparkApps() {
    }

    /** The jar of the test applications, compiled if the sources changed since the last build. */
    public static synchronized Path jar() {
        Path base = SparkClasspath.projectDir();
        Path sources = base.resolve(SOURCES);
        Path out = base.resolve("target/spark-cluster/apps");
        try (Stream<Path> walk = Files.walk(sources)) {
            List<Path> files = walk.filter(p -> p.toString().endsWith(".java")).sorted().toList();
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (Path file : files) {
                sha.update(file.toString().getBytes(StandardCharsets.UTF_8));
                sha.update(Files.readAllBytes(file));
            }
            String digest = HexFormat.of().formatHex(sha.digest());
            Path jar = out.resolve("lodestar-spark-apps-" + digest.substring(0, 16) + ".jar");
            if (Files.isRegularFile(jar)) {
                return jar;
            }
            Path classes = Files.createDirectories(out.resolve("classes-" + digest.substring(0, 16)));
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            if (javac == null) {
                throw new IllegalStateException("no Java compiler: run the tests on a JDK");
            }
            List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-d", classes.toString(),
                    "-classpath", SparkClasspath.get()));
            files.forEach(f -> args.add(f.toString()));
            int status = javac.run(null, null, null, args.toArray(String[]::new));
            if (status != 0) {
                throw new IllegalStateException("compiling " + sources + " failed (javac exit " + status + "), see the compiler's output above");
            }
            writeJar(classes, jar);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void writeJar(Path classes, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        Path partial = jar.resolveSibling(jar.getFileName() + ".tmp");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(partial), manifest);
             Stream<Path> walk = Files.walk(classes)) {
            for (Path file : walk.filter(Files::isRegularFile).sorted().toList()) {
                out.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
                out.write(Files.readAllBytes(file));
                out.closeEntry();
            }
        }
        Files.move(partial, jar, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Starts {@link #LINGERING_APP} as a client-mode driver against the cluster's masters (all three, as a
     * user configures HA) with one executor of 512 MB (Spark's least), the driver's UI on a port of its own; it ends after
     * {@code lifetime} or at {@link Running#kill()}.
     */
    public static Running startLingering(SparkCluster cluster, Duration lifetime) {
        int uiPort = cluster.reservePort();
        SparkCluster.SparkProcess driver = cluster.sparkSubmit("lingering-app", "512m", List.of(
                "--master", cluster.masterUrl(), "--deploy-mode", "client", "--class", LINGERING_APP,
                "--conf", "spark.ui.port=" + uiPort, "--conf", "spark.driver.host=127.0.0.1",
                "--conf", "spark.executor.memory=512m", "--conf", "spark.cores.max=1",
                jar().toString(), String.valueOf(lifetime.toSeconds())));
        return new Running(driver, uiPort);
    }

    /** A running client-mode application: its driver JVM and UI. */
    public static final class Running {
        private final SparkCluster.SparkProcess driver;
        private final int uiPort;

        private Running(SparkCluster.SparkProcess driver, int uiPort) {
            this.driver = driver;
            this.uiPort = uiPort;
        }

        public URI uiUri() {
            return URI.create("http://127.0.0.1:" + uiPort + "/");
        }

        /** Waits until the driver's UI names the application id the master gave it. */
        public String awaitId(Duration timeout) {
            return SparkCluster.await("the application's id", timeout, () -> {
                driver.requireRunning();
                Matcher m = APP_ID.matcher(api("applications"));
                return m.find() ? m.group(1) : null;
            });
        }

        /** Waits until an executor (not the driver) has joined the application. */
        public void awaitExecutor(Duration timeout) {
            String id = awaitId(timeout);
            SparkCluster.await("an executor of " + id, timeout, () -> {
                driver.requireRunning();
                return EXECUTOR_ID.matcher(api("applications/" + id + "/executors")).find() ? true : null;
            });
        }

        private String api(String path) {
            return SparkCluster.fetch(uiUri().resolve("/api/v1/" + path));
        }

        /** Kills the driver JVM (SIGKILL). */
        public void kill() {
            driver.kill();
        }
    }
}
