package org.lodestar.web.grizzly;

import org.glassfish.grizzly.Buffer;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.http.HttpContent;
import org.glassfish.grizzly.http.HttpHeader;
import org.glassfish.grizzly.http.HttpPacket;
import org.glassfish.grizzly.http.HttpProbe;
import org.glassfish.grizzly.memory.Buffers;
import org.glassfish.grizzly.monitoring.MonitoringConfig;
import org.lodestar.web.RequestHeadTimeout;

/**
 * Grizzly's HTTP parser, as a probe, tells {@link RequestHeadTimeout} when bytes arrive, a head is parsed
 * and a body's last chunk is; and the timeout writes its 408 on Grizzly's connection.
 */
final class HeadEvents extends HttpProbe.Adapter implements RequestHeadTimeout.Listener<Connection<?>> {
    private final MonitoringConfig<HttpProbe> parserProbes;
    private volatile RequestHeadTimeout<Connection<?>> timeout;

    HeadEvents(MonitoringConfig<HttpProbe> parserProbes) {
        this.parserProbes = parserProbes;
    }

    /** Starts reporting the parser's events to {@code timeout}. */
    void report(RequestHeadTimeout<Connection<?>> timeout) {
        this.timeout = timeout;
        parserProbes.addProbes(this);
    }

    @Override
    public void onDataReceivedEvent(Connection connection, Buffer buffer) {
        timeout.bytesReceived(connection);
    }

    @Override
    public void onHeaderParseEvent(Connection connection, HttpHeader header, int size) {
        timeout.headParsed(connection, header.isExpectContent());
    }

    @Override
    public void onContentChunkParseEvent(Connection connection, HttpContent content) {
        if (content.isLast()) {
            timeout.bodyEnded(connection);
        }
    }

    @Override
    public void onErrorEvent(Connection connection, HttpPacket packet, Throwable error) {
        timeout.failed(connection);
    }

    @Override
    public boolean isOpen(Connection<?> connection) {
        return connection.isOpen();
    }

    /**
     * The bytes pass the HTTP filters untouched (they encode only HTTP packets), as the head they answer was
     * never parsed; Grizzly's close lets the queued write go out first.
     */
    @Override
    public void answerAndClose(Connection<?> connection, byte[] response) {
        try {
            connection.write(Buffers.wrap(connection.getMemoryManager(), response));
        } finally {
            connection.closeSilently();
        }
    }

    @Override
    public void stopListening() {
        parserProbes.removeProbes(this);
    }

    @Override
    public String toString() {
        return "Lodestar timeout http-request";
    }
}
