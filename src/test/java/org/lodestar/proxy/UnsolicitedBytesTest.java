package org.lodestar.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.lodestar.stats.TrafficCounters;

class UnsolicitedBytesTest {
    private final Logger log = Logger.getLogger(LodestarProxyServlet.class.getName());
    private final List<LogRecord> records = new CopyOnWriteArrayList<>();
    private final Handler capture = new Handler() {
        @Override
        public void publish(LogRecord record) {
            records.add(record);
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    };
    private final AtomicLong now = new AtomicLong();
    private final TrafficCounters server = new TrafficCounters();
    private final TrafficCounters backend = new TrafficCounters();
    private final UnsolicitedBytes.Blame use = new UnsolicitedBytes.Blame("SPARK", "spark1", server, backend);

    @BeforeEach
    void listen() {
        log.addHandler(capture);
    }

    @AfterEach
    void stopListening() {
        log.removeHandler(capture);
    }

    @Test
    void everyConnectionIsCountedButTheServerIsNamedInTheLogAtMostOnceAMinute() {
        UnsolicitedBytes unsolicited = new UnsolicitedBytes(now::get);
        unsolicited.closed(use, 42, false);
        unsolicited.closed(use, 7, true);
        now.addAndGet(Duration.ofMinutes(1).toNanos());
        unsolicited.closed(use, 3, true);

        assertEquals(3, server.responseErrors());
        assertEquals(3, backend.responseErrors());
        assertEquals(2, records.size(), records.toString());
        assertEquals(Level.WARNING, records.get(0).getLevel());
        assertTrue(records.get(0).getMessage().startsWith("server SPARK/spark1 sent 42 byte(s) that no request asked for,"
                + " after its answer"), records.get(0).getMessage());
        assertTrue(records.get(1).getMessage().contains("(1 more such connection(s) since the last warning)"),
                records.get(1).getMessage());
    }
}
