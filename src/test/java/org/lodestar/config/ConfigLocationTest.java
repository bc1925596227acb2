package org.lodestar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfigLocationTest {
    private static final String BUNDLED_TEXT = "# bundled\n";

    @TempDir
    Path dir;

    private static ConfigLocation location(Map<String, String> props, Map<String, String> env) {
        return new ConfigLocation(props::get, env::get,
                () -> new ByteArrayInputStream(BUNDLED_TEXT.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void systemPropertyWinsOverEnvironment() throws IOException {
        Path fromProperty = Files.writeString(dir.resolve("a.cfg"), "# a\n");
        Path fromEnv = Files.writeString(dir.resolve("b.cfg"), "# b\n");
        ConfigSource source = location(Map.of("lodestar.config", fromProperty.toString()),
                Map.of("LODESTAR_CONFIG", fromEnv.toString())).read();
        assertEquals(fromProperty.toAbsolutePath().toString(), source.name());
        assertEquals("# a\n", source.text());
    }

    @Test
    void environmentUsedWithoutProperty() throws IOException {
        Path fromEnv = Files.writeString(dir.resolve("b.cfg"), "# b\n");
        assertEquals("# b\n", location(Map.of(), Map.of("LODESTAR_CONFIG", fromEnv.toString())).read().text());
    }

    @Test
    void bundledCopyIsTheFallback() throws IOException {
        ConfigSource source = location(Map.of(), Map.of()).read();
        assertEquals(ConfigLocation.BUNDLED_NAME, source.name());
        assertEquals(BUNDLED_TEXT, source.text());
    }

    @Test
    void missingFileNamesThePathAndWhereItCameFrom() {
        Path missing = dir.resolve("missing.cfg");
        IOException e = assertThrows(IOException.class,
                () -> location(Map.of("lodestar.config", missing.toString()), Map.of()).read());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
        assertTrue(e.getMessage().contains("system property lodestar.config"), e.getMessage());
    }

    @Test
    void noBundledCopySaysHowToConfigure() {
        ConfigLocation none = new ConfigLocation(k -> null, k -> null, () -> null);
        IOException e = assertThrows(IOException.class, none::read);
        assertTrue(e.getMessage().contains("LODESTAR_CONFIG"), e.getMessage());
    }
}
