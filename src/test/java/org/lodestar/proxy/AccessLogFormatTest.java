package org.lodestar.proxy;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class AccessLogFormatTest {
    private static final AccessLogEntry ENTRY = new AccessLogEntry("127.0.0.1", 54321,
            Instant.parse("2026-11-27T02:46:27.123Z"), "MGMTSRV", "SRV_SPARK", "spark1", 0, 2, 1, 7, 12, 200, 6123,
            "----", new AccessLogEntry.Connections(5, 4, 3, 2), 1, 7, "GET /spark/ HTTP/1.1");

    @Test
    void clfStartsWithCommonLogFormatThenHaproxyFields() {
        String line = AccessLogFormat.CLF.format(ENTRY);
        assertTrue(line.matches("127\\.0\\.0\\.1 - - \\[27/Nov/2026:\\d\\d:\\d\\d:27 [+-]\\d{4}] \"GET /spark/ HTTP/1\\.1\" "
                + "200 6123 \"\" \"\" 54321 123 \"MGMTSRV\" \"SRV_SPARK\" \"spark1\" 0 2 1 7 12 ---- .*"), line);
        assertTrue(line.contains(" ---- 5 4 3 2 1 0 7 \"\""), "conns, retries, queues: " + line);
    }

    @Test
    void httplogHasTimersAndServer() {
        String line = AccessLogFormat.HTTPLOG.format(ENTRY);
        assertTrue(line.startsWith("127.0.0.1:54321 ["), line);
        assertTrue(line.contains("] MGMTSRV SRV_SPARK/spark1 0/2/1/7/12 200 6123 - - ---- 5/4/3/2/1 0/7 "
                + "\"GET /spark/ HTTP/1.1\""), line);
    }
}
