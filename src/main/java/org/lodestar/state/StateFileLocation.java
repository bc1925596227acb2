package org.lodestar.state;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.lodestar.config.Config;
import org.lodestar.config.ConfigLocation;

/**
 * Where the server state file of a configuration is: its global {@code server-state-file}, a relative path
 * being taken from the configuration file's directory (from the working directory for the configuration
 * bundled in the WAR); without the keyword, {@value #DEFAULT_NAME} beside the configuration file. The
 * bundled configuration has no directory of its own to write to, so without the keyword its settings are
 * not kept.
 */
public final class StateFileLocation {
    public static final String DEFAULT_NAME = "lodestar.state";

    private StateFileLocation() {
    }

    public static Optional<Path> of(Config config) {
        // A configuration read from a file has a directory; the bundled one and a posted one do not.
        Path configDirectory = config.source().equals(ConfigLocation.BUNDLED_NAME)
                || !Files.isRegularFile(Path.of(config.source())) ? null
                : Path.of(config.source()).toAbsolutePath().getParent();
        if (config.serverStateFile().isPresent()) {
            Path given = Path.of(config.serverStateFile().get());
            Path base = configDirectory != null ? configDirectory : Path.of("");
            return Optional.of(base.resolve(given).toAbsolutePath().normalize());
        }
        return Optional.ofNullable(configDirectory).map(directory -> directory.resolve(DEFAULT_NAME));
    }

    /** The store for a configuration: its state file, or none. */
    public static StateStore storeFor(Config config) {
        return of(config).<StateStore>map(FileStateStore::new).orElse(StateStore.NONE);
    }
}
