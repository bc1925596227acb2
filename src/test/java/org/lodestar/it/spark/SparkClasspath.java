package org.lodestar.it.spark;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.jboss.shrinkwrap.resolver.api.maven.Maven;

/**
 * The classpath of the Spark processes, resolved at run time from {@code src/test/spark/pom.xml} so
 * that Spark never sits on the project's own test classpath. Resolution goes through the ShrinkWrap
 * Maven resolver (downloads into ~/.m2 on first use) and is cached under target/ keyed by the POM's
 * digest, so later runs skip the resolver.
 */
public final class SparkClasspath {
    static final String POM = "src/test/spark/pom.xml";

    private SparkClasspath() {
    }

    /** The project directory: Maven's basedir when run by a plugin, else the working directory. */
    public static Path projectDir() {
        return Path.of(System.getProperty("basedir", "")).toAbsolutePath();
    }

    /** The Spark classpath, one path-separator-joined string, from the cache when still valid. */
    public static String get() {
        Path base = projectDir();
        Path pom = base.resolve(POM);
        Path cache = base.resolve("target/spark-cluster/classpath.txt");
        try {
            String digest = digest(Files.readAllBytes(pom));
            if (Files.isRegularFile(cache)) {
                List<String> lines = Files.readAllLines(cache, StandardCharsets.UTF_8);
                if (lines.size() == 2 && lines.get(0).equals(digest) && allExist(lines.get(1))) {
                    return lines.get(1);
                }
            }
            long t0 = System.nanoTime();
            File[] files = Maven.configureResolver()
                    .workOffline(false)
                    .loadPomFromFile(pom.toFile())
                    .importCompileAndRuntimeDependencies()
                    .resolve()
                    .withTransitivity()
                    .asFile();
            String classpath = Stream.of(files).map(File::getAbsolutePath)
                    .collect(Collectors.joining(File.pathSeparator));
            System.out.printf("Resolved the Spark classpath (%d jars) in %d ms%n", files.length,
                    (System.nanoTime() - t0) / 1_000_000);
            Files.createDirectories(cache.getParent());
            Files.writeString(cache, digest + "\n" + classpath + "\n", StandardCharsets.UTF_8);
            return classpath;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Resolves one artifact (no transitive dependencies), e.g. the Payara Micro jar. */
    public static Path artifact(String coordinates) {
        return Maven.configureResolver().workOffline(false).resolve(coordinates)
                .withoutTransitivity().asSingleFile().toPath();
    }

    private static boolean allExist(String classpath) {
        return !classpath.isBlank() && Stream.of(classpath.split(File.pathSeparator))
                .allMatch(p -> Files.isRegularFile(Path.of(p)));
    }

    private static String digest(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
