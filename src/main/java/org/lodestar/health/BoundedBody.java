package org.lodestar.health;

import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.Optional;

/**
 * Reads at most {@link ExpectRules#BODY_LIMIT} bytes of a response body, never the rest: a backend
 * could answer with 100 MB, and the rules look at the first 16 KiB only. Stops when the deadline
 * passes between two reads so that a server trickling bytes cannot hold a check open.
 */
final class BoundedBody {
    private BoundedBody() {
    }

    /**
     * @param deadlineNanos a {@link System#nanoTime()} value
     * @return the bytes read, or empty when the deadline passed before the body ended or filled the limit
     */
    static Optional<byte[]> read(InputStream in, long deadlineNanos) throws IOException {
        byte[] buffer = new byte[ExpectRules.BODY_LIMIT];
        int filled = 0;
        while (filled < buffer.length) {
            if (System.nanoTime() - deadlineNanos >= 0) {
                return Optional.empty();
            }
            int n = in.read(buffer, filled, buffer.length - filled);
            if (n < 0) {
                break;
            }
            filled += n;
        }
        return Optional.of(Arrays.copyOf(buffer, filled));
    }
}
