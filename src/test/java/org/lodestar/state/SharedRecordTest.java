package org.lodestar.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.lodestar.server.AdminMode;
import org.lodestar.server.ServerKey;

class SharedRecordTest {
    private static final ServerKey S1 = new ServerKey("SRV_SPARK", "spark1");

    @Test
    void recordReadsBackAsWritten() {
        SharedRecord record = new SharedRecord(new ServerSettings(S1, AdminMode.MAINT, 7, false),
                "bo=ss:\\ \nx", "edge-1", Instant.parse("2026-12-04T18:00:00.123Z"), "state READY → MAINT", 3);
        SharedRecord read = SharedRecord.decode(S1, record.encode(), 3);
        assertEquals(record, read);
        assertEquals("bo=ss:\\ \nx on edge-1", read.actor());
    }

    @Test
    void recordIsReadableText() {
        String text = new String(new SharedRecord(new ServerSettings(S1, AdminMode.DRAIN, 1, true), "boss", "edge-1",
                Instant.parse("2026-12-04T18:00:00Z"), "state READY → DRAIN", 0).encode(), StandardCharsets.UTF_8);
        assertEquals("mode=DRAIN\nweight=1\nchecks=enabled\nuser=boss\ninstance=edge-1\nat=2026-12-04T18:00:00Z\n"
                + "what=state READY → DRAIN\n", text);
    }

    @Test
    void recordsWrittenBySomethingElseAreRefusedSayingWhy() {
        assertEquals("no 'mode'", assertThrows(IllegalArgumentException.class,
                () -> SharedRecord.decode(S1, "weight=1".getBytes(StandardCharsets.UTF_8), 0)).getMessage());
        assertEquals("weight '300' is not 0..256", assertThrows(IllegalArgumentException.class,
                () -> SharedRecord.decode(S1, "mode=READY\nweight=300\nchecks=enabled\nat=2026-12-04T18:00:00Z"
                        .getBytes(StandardCharsets.UTF_8), 0)).getMessage());
        assertEquals("mode 'UP' is not READY, DRAIN or MAINT", assertThrows(IllegalArgumentException.class,
                () -> SharedRecord.decode(S1, "mode=UP\nweight=1\nchecks=enabled\nat=2026-12-04T18:00:00Z"
                        .getBytes(StandardCharsets.UTF_8), 0)).getMessage());
    }
}
