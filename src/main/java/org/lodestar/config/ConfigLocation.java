package org.lodestar.config;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Finds the configuration in effect: JVM system property {@value #PROPERTY}, else environment variable
 * {@value #ENVIRONMENT}, else the copy of {@code server-config/lodestar.cfg} bundled in the WAR.
 */
public final class ConfigLocation {
    public static final String PROPERTY = "lodestar.config";
    public static final String ENVIRONMENT = "LODESTAR_CONFIG";
    /** Where the build puts the sample config inside the WAR: a class-path resource (WEB-INF/classes). */
    public static final String BUNDLED_RESOURCE = "/lodestar.cfg";
    public static final String BUNDLED_NAME = "server-config/lodestar.cfg (bundled)";

    private final Function<String, String> systemProperties;
    private final Function<String, String> environment;
    private final Supplier<InputStream> bundled;

    /**
     * @param bundled opens the bundled copy; returns null when the WAR has none
     */
    public ConfigLocation(Function<String, String> systemProperties, Function<String, String> environment,
                          Supplier<InputStream> bundled) {
        this.systemProperties = systemProperties;
        this.environment = environment;
        this.bundled = bundled;
    }

    /** Reads the configuration in effect; the exception names the file that could not be read and why. */
    public ConfigSource read() throws IOException {
        String file = nonBlank(systemProperties.apply(PROPERTY));
        String origin = "system property " + PROPERTY;
        if (file == null) {
            file = nonBlank(environment.apply(ENVIRONMENT));
            origin = "environment variable " + ENVIRONMENT;
        }
        if (file != null) {
            Path path = Path.of(file).toAbsolutePath();
            try {
                return new ConfigSource(path.toString(), Files.readString(path, StandardCharsets.UTF_8));
            } catch (IOException | UncheckedIOException e) {
                throw new IOException("cannot read configuration file " + path + " (from " + origin + "): " + e, e);
            }
        }
        try (InputStream in = bundled.get()) {
            if (in == null) {
                throw new IOException("no configuration: set system property " + PROPERTY + " or environment variable "
                        + ENVIRONMENT + " to the path of a configuration file");
            }
            return new ConfigSource(BUNDLED_NAME, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }

    private static String nonBlank(String value) {
        return value == null || value.isBlank() ? null : value.trim();
    }
}
