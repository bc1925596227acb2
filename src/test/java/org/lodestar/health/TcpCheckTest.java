package org.lodestar.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lodestar.testing.Fixtures.server;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.lodestar.server.CheckCode;
import org.lodestar.server.CheckResult;

class TcpCheckTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(1);
    private final TcpCheck tcp = new TcpCheck();

    @Test
    void listeningPortIsL4ok() throws IOException {
        try (ServerSocket listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            CheckResult result = tcp.run(server("s1").port(listener.getLocalPort()).check().build(), TIMEOUT);
            assertTrue(result.passed());
            assertEquals(CheckCode.L4OK, result.code());
            assertEquals(CheckResult.NO_HTTP_CODE, result.httpCode());
        }
    }

    @Test
    void closedPortIsL4con() throws IOException {
        int port;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = listener.getLocalPort();
        }
        CheckResult result = tcp.run(server("s1").port(port).check().build(), TIMEOUT);
        assertFalse(result.passed());
        assertEquals(CheckCode.L4CON, result.code());
    }

    @Test
    void connectWithoutAnswerIsL4tout() throws IOException {
        try (FullListener full = new FullListener()) {
            CheckResult result = tcp.run(server("s1").port(full.port()).check().build(), Duration.ofMillis(300));
            assertFalse(result.passed());
            assertEquals(CheckCode.L4TOUT, result.code());
            assertTrue(result.durationMillis() >= 250 && result.durationMillis() < 2000, result::toString);
        }
    }
}
