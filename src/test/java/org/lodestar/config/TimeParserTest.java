package org.lodestar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class TimeParserTest {
    @Test
    void plainNumberIsMilliseconds() throws LineError {
        assertEquals(Duration.ofMillis(5000), TimeParser.parse("5000"));
    }

    @Test
    void everyUnitIsUnderstood() throws LineError {
        assertEquals(Duration.ofNanos(7000), TimeParser.parse("7us"));
        assertEquals(Duration.ofMillis(7), TimeParser.parse("7ms"));
        assertEquals(Duration.ofSeconds(7), TimeParser.parse("7s"));
        assertEquals(Duration.ofMinutes(7), TimeParser.parse("7m"));
        assertEquals(Duration.ofHours(7), TimeParser.parse("7h"));
        assertEquals(Duration.ofDays(7), TimeParser.parse("7d"));
    }

    @Test
    void badValuesAreRejected() {
        assertThrows(LineError.class, () -> TimeParser.parse("s"));
        assertThrows(LineError.class, () -> TimeParser.parse("10x"));
        assertThrows(LineError.class, () -> TimeParser.parse("-1s"));
        assertThrows(LineError.class, () -> TimeParser.parse("1.5s"));
        assertThrows(LineError.class, () -> TimeParser.parse("99999999999999999999"));
        assertThrows(LineError.class, () -> TimeParser.parse("30d"));
    }
}
