package org.lodestar.config;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

/** HAProxy time values: an integer and an optional unit {@code us}, {@code ms} (default), {@code s}, {@code m}, {@code h}, {@code d}. */
final class TimeParser {
    private TimeParser() {
    }

    static Duration parse(String text) throws LineError {
        int i = 0;
        while (i < text.length() && Character.isDigit(text.charAt(i))) {
            i++;
        }
        if (i == 0) {
            throw new LineError("invalid time value '" + text + "' (expected an integer with an optional unit us, ms, s, m, h or d)");
        }
        ChronoUnit unit = switch (text.substring(i)) {
            case "", "ms" -> ChronoUnit.MILLIS;
            case "us" -> ChronoUnit.MICROS;
            case "s" -> ChronoUnit.SECONDS;
            case "m" -> ChronoUnit.MINUTES;
            case "h" -> ChronoUnit.HOURS;
            case "d" -> ChronoUnit.DAYS;
            default -> throw new LineError("invalid time unit '" + text.substring(i) + "' in '" + text
                    + "' (expected us, ms, s, m, h or d)");
        };
        try {
            long amount = Long.parseLong(text.substring(0, i));
            // Cap at what HAProxy accepts (about 24.8 days in milliseconds): bigger values are typos.
            Duration d = Duration.of(amount, unit);
            if (d.compareTo(MAX) > 0) {
                throw new LineError("time value '" + text + "' is too large (maximum 2147483647ms)");
            }
            return d;
        } catch (NumberFormatException | ArithmeticException e) {
            throw new LineError("time value '" + text + "' is too large (maximum 2147483647ms)");
        }
    }

    static final Duration MAX = Duration.ofMillis(Integer.MAX_VALUE);
}
