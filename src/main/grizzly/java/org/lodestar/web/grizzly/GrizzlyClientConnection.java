package org.lodestar.web.grizzly;

import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.http.server.Request;
import org.glassfish.grizzly.http.util.DataChunk;
import org.lodestar.web.ClientConnection;

/** A client connection of Payara's listener, seen through Grizzly's request under the servlet one. */
final class GrizzlyClientConnection implements ClientConnection {
    private final Request request;

    GrizzlyClientConnection(Request request) {
        this.request = request;
    }

    Connection<?> connection() {
        return request.getConnection();
    }

    @Override
    public boolean cut() {
        connection().closeSilently();
        return true;
    }

    @Override
    public boolean isClosed() {
        return !connection().isOpen();
    }

    @Override
    public String originalTarget() {
        DataChunk original = request.getRequest().getRequestURIRef().getOriginalRequestURIBC();
        return original == null ? null : original.toString();
    }
}
