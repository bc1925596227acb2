package org.lodestar.web;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The timing of {@code timeout http-request}, with the connector's events played by the test. */
class RequestHeadTimeoutTest {
    /** A connection of a connector, as far as the timeout needs one. */
    private static final class Connection {
        boolean open = true;
        final List<byte[]> written = new ArrayList<>();
    }

    private final AtomicLong now = new AtomicLong();
    private final AtomicReference<Optional<Duration>> limit = new AtomicReference<>(Optional.of(Duration.ofSeconds(2)));
    private final AtomicInteger timeouts = new AtomicInteger();
    private boolean stopped;
    private final RequestHeadTimeout<Connection> timeout = new RequestHeadTimeout<>(new RequestHeadTimeout.Listener<>() {
        @Override
        public boolean isOpen(Connection connection) {
            return connection.open;
        }

        @Override
        public void answerAndClose(Connection connection, byte[] response) {
            connection.written.add(response);
            connection.open = false;
        }

        @Override
        public void stopListening() {
            stopped = true;
        }
    }, limit::get, timeouts::incrementAndGet, now::get);

    @Test
    void headNotCompleteWithinTheLimitOfItsFirstByteGets408AndIsClosedOnce() {
        Connection slow = new Connection();
        timeout.bytesReceived(slow);
        advance(Duration.ofMillis(1500));
        timeout.bytesReceived(slow); // a further byte does not restart the clock
        timeout.scan();
        assertTrue(slow.open);
        advance(Duration.ofMillis(600));
        timeout.scan();
        timeout.scan();
        assertEquals(1, slow.written.size());
        String answer = new String(slow.written.get(0), StandardCharsets.UTF_8);
        assertTrue(answer.startsWith("HTTP/1.1 408 Request Time-out\r\n"), answer);
        assertTrue(answer.contains("Your browser didn't send a complete request in time."), answer);
        assertTrue(!slow.open);
        assertEquals(1, timeouts.get());
    }

    @Test
    void parsedHeadIsNoLongerTimedAndItsBodyStartsNoHead() {
        Connection client = new Connection();
        timeout.bytesReceived(client);
        timeout.headParsed(client, true);
        advance(Duration.ofSeconds(10));
        timeout.bytesReceived(client); // body bytes, sent slowly
        advance(Duration.ofSeconds(10));
        timeout.scan();
        assertTrue(client.written.isEmpty());
        timeout.bodyEnded(client);
        timeout.bytesReceived(client); // the next head on the kept-alive connection is timed again
        advance(Duration.ofSeconds(3));
        timeout.scan();
        assertEquals(1, client.written.size());
    }

    @Test
    void withoutALimitNothingIsTimedAndAReloadThatSetsOneAppliesToNewHeads() {
        limit.set(Optional.empty());
        timeout.scan();
        Connection client = new Connection();
        timeout.bytesReceived(client);
        assertEquals(0, timeout.watched());
        limit.set(Optional.of(Duration.ofSeconds(1)));
        timeout.scan();
        timeout.bytesReceived(client);
        advance(Duration.ofSeconds(2));
        timeout.scan();
        assertEquals(1, client.written.size());
    }

    @Test
    void closedOrFailedConnectionsAreForgotten() {
        Connection gone = new Connection();
        Connection failed = new Connection();
        timeout.bytesReceived(gone);
        timeout.bytesReceived(failed);
        gone.open = false;
        timeout.failed(failed);
        timeout.scan();
        assertEquals(0, timeout.watched());
        advance(Duration.ofSeconds(5));
        timeout.scan();
        assertTrue(gone.written.isEmpty() && failed.written.isEmpty());
    }

    @Test
    void closingStopsTheListenerReporting() {
        timeout.close();
        assertTrue(stopped);
    }

    @Test
    void theAnswerIsHaproxysWordForWordWithAContentLength() {
        byte[] expectedBody = ("<html><body><h1>408 Request Time-out</h1>\n"
                + "Your browser didn't send a complete request in time.\n</body></html>\n")
                .getBytes(StandardCharsets.UTF_8);
        String answer = new String(RequestHeadTimeout.REQUEST_TIMEOUT, StandardCharsets.UTF_8);
        assertTrue(answer.contains("Content-Length: " + expectedBody.length + "\r\n"), answer);
        byte[] body = answer.substring(answer.indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(expectedBody, body);
    }

    private void advance(Duration duration) {
        now.addAndGet(duration.toNanos());
    }
}
