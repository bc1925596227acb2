package org.lodestar.health;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lodestar.testing.Fixtures.httpchk;
import static org.lodestar.testing.Fixtures.server;
import static org.lodestar.testing.Fixtures.timeoutCheck;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import jakarta.ws.rs.client.Client;
import jakarta.ws.rs.client.ClientBuilder;

import org.junit.jupiter.api.Test;
import org.lodestar.config.HealthCheck;
import org.lodestar.config.Server;
import org.lodestar.config.Timeouts;
import org.lodestar.server.CheckCode;

class CheckerTest {
    /**
     * These checks end at once (refused, answered); a generous bound keeps a loaded machine's slow first
     * use of the JAX-RS client from turning them into timeouts.
     */
    private static final Duration NOT_THE_POINT = Duration.ofSeconds(10);


    @Test
    void withoutHttpchkTheCheckIsATcpConnectAndWithItAnHttpRequest() throws IOException {
        ExecutorService threads = Executors.newCachedThreadPool();
        Client client = ClientBuilder.newClient();
        // A listener that accepts but never speaks HTTP: fine for TCP, an L7 failure for HTTP.
        try (RawServer mute = new RawServer(socket -> socket.close())) {
            Checker checker = new Checker(new HttpCheck(client, threads), new TcpCheck());
            Server server = server("s1").port(mute.port()).check().build();
            assertEquals(CheckCode.L4OK, checker.check(server, HealthCheck.TCP, NOT_THE_POINT).code());
            assertEquals(CheckCode.L7RSP, checker.check(server, httpchk(), NOT_THE_POINT).code());
        } finally {
            client.close();
            threads.shutdownNow();
        }
    }

    @Test
    void checkTimeoutIsTimeoutCheckElseInter() {
        Server server = server("s1").check().build();
        assertEquals(server.inter(), Checker.timeoutFor(server, Timeouts.NONE));
        assertEquals(Duration.ofMillis(700), Checker.timeoutFor(server, timeoutCheck(Duration.ofMillis(700))));
    }

    @Test
    void closedPortIsUnreachableEitherWay() throws IOException {
        int port;
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = listener.getLocalPort();
        }
        ExecutorService threads = Executors.newCachedThreadPool();
        Client client = ClientBuilder.newClient();
        try {
            Checker checker = new Checker(new HttpCheck(client, threads), new TcpCheck());
            Server server = server("s1").port(port).check().build();
            assertEquals(CheckCode.L4CON, checker.check(server, HealthCheck.TCP, NOT_THE_POINT).code());
            assertEquals(CheckCode.L4CON, checker.check(server, httpchk(), NOT_THE_POINT).code());
        } finally {
            client.close();
            threads.shutdownNow();
        }
    }
}
