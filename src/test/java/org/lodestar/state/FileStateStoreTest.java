package org.lodestar.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.lodestar.server.AdminMode;
import org.lodestar.server.ServerKey;

class FileStateStoreTest {
    @TempDir
    Path directory;

    private static final ServerSettings MAINT = new ServerSettings(new ServerKey("SRV_SPARK", "spark1"),
            AdminMode.MAINT, 1, true);
    private static final ServerSettings DRAINED = new ServerSettings(new ServerKey("SRV_SPARK", "spark2"),
            AdminMode.DRAIN, 7, false);

    private FileStateStore store() {
        return new FileStateStore(directory.resolve("lodestar.state"));
    }

    private StateStore.Loaded loadText(String text) throws IOException {
        Files.writeString(directory.resolve("lodestar.state"), text, StandardCharsets.UTF_8);
        return store().load();
    }

    @Test
    void savedSettingsReadBackTheSame() throws IOException {
        store().save(List.of(MAINT, DRAINED));
        StateStore.Loaded loaded = store().load();
        assertEquals(List.of(MAINT, DRAINED), loaded.settings());
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void savingReplacesTheFileWholeAndLeavesNoTemporaryFile() throws IOException {
        store().save(List.of(MAINT, DRAINED));
        store().save(List.of(DRAINED));
        assertEquals(List.of(DRAINED), store().load().settings());
        try (Stream<Path> files = Files.list(directory)) {
            assertEquals(List.of(directory.resolve("lodestar.state")), files.toList());
        }
    }

    @Test
    void savingCreatesTheMissingDirectory() throws IOException {
        FileStateStore nested = new FileStateStore(directory.resolve("a/b/state"));
        nested.save(List.of(MAINT));
        assertEquals(List.of(MAINT), nested.load().settings());
    }

    @Test
    void missingFileIsAFirstStartWithoutWarning() {
        StateStore.Loaded loaded = store().load();
        assertEquals(List.of(), loaded.settings());
        assertEquals(List.of(), loaded.warnings());
    }

    @Test
    void emptyFileIsIgnoredWithAWarning() throws IOException {
        StateStore.Loaded loaded = loadText("");
        assertEquals(List.of(), loaded.settings());
        assertEquals(1, loaded.warnings().size());
        assertTrue(loaded.warnings().get(0).contains("empty"), loaded.warnings().toString());
    }

    @Test
    void binaryGarbageIsIgnoredWithAWarning() throws IOException {
        Files.write(directory.resolve("lodestar.state"), new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1, 2});
        StateStore.Loaded loaded = store().load();
        assertEquals(List.of(), loaded.settings());
        assertTrue(loaded.warnings().get(0).contains("not UTF-8"), loaded.warnings().toString());
    }

    @Test
    void unknownVersionIgnoresTheWholeFile() throws IOException {
        StateStore.Loaded loaded = loadText("2\nSRV_SPARK spark1 MAINT 1 enabled\n");
        assertEquals(List.of(), loaded.settings());
        assertTrue(loaded.warnings().get(0).contains("version '2'"), loaded.warnings().toString());
    }

    @Test
    void badLinesAreSkippedWithTheirLineAndTheGoodOnesUsed() throws IOException {
        StateStore.Loaded loaded = loadText("""
                # comment
                1
                SRV_SPARK spark1 MAINT 1 enabled
                SRV_SPARK spark2 SLEEPING 1 enabled
                SRV_SPARK spark3 READY 999 enabled
                SRV_SPARK spark3 READY 2 maybe
                SRV_SPARK spark3 READY
                SRV_SPARK spark2 DRAIN 7 disabled
                """);
        assertEquals(List.of(MAINT, DRAINED), loaded.settings());
        assertEquals(4, loaded.warnings().size(), loaded.warnings().toString());
        assertTrue(loaded.warnings().get(0).contains("lodestar.state:4: unknown mode 'SLEEPING'"),
                loaded.warnings().get(0));
        assertTrue(loaded.warnings().get(1).contains(":5: weight '999'"), loaded.warnings().get(1));
        assertTrue(loaded.warnings().get(3).contains(":7: expected"), loaded.warnings().get(3));
    }

    @Test
    void truncatedLastLineIsSkippedAndTheRestKept() throws IOException {
        // What a writer without the atomic move could leave after a crash.
        StateStore.Loaded loaded = loadText("1\nSRV_SPARK spark1 MAINT 1 enabled\nSRV_SPARK spa");
        assertEquals(List.of(MAINT), loaded.settings());
        assertEquals(1, loaded.warnings().size());
    }
}
