package org.lodestar.health;

import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.NoRouteToHostException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.time.Duration;

import org.lodestar.config.Server;
import org.lodestar.server.CheckCode;
import org.lodestar.server.CheckResult;

/**
 * The check of a server without {@code option httpchk}: a TCP connect that is closed at once, as
 * HAProxy does. Name resolution happens before the connect and is not bounded by the timeout.
 */
public final class TcpCheck {

    public CheckResult run(Server server, Duration timeout) {
        long start = System.nanoTime();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(server.host(), server.port()), Timing.socketMillis(timeout));
            return CheckResult.connected(Timing.millisSince(start));
        } catch (SocketTimeoutException e) {
            return CheckResult.failedWithoutResponse(CheckCode.L4TOUT, Timing.millisSince(start), "Connect timed out");
        } catch (ConnectException | NoRouteToHostException e) {
            return CheckResult.failedWithoutResponse(CheckCode.L4CON, Timing.millisSince(start),
                    CheckFailures.describe(e));
        } catch (UnknownHostException e) {
            return CheckResult.failedWithoutResponse(CheckCode.L4CON, Timing.millisSince(start),
                    "Unknown host " + server.host());
        } catch (IOException e) {
            return CheckResult.failedWithoutResponse(CheckCode.SOCKERR, Timing.millisSince(start),
                    CheckFailures.describe(e));
        }
    }
}
