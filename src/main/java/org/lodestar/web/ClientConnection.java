package org.lodestar.web;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import java.lang.reflect.Field;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * What the connector under a request knows and the servlet API does not say: whether the client connection
 * is still open, the request target exactly as the client sent it; and a way to cut the connection.
 *
 * <p>A server that failed mid-body must leave the client with a visibly truncated response (a servlet that
 * returns, or throws, lets the container end a chunked response with its last chunk, which makes the
 * truncated body look complete), and after a request with doubtful framing no further byte of the
 * connection may be read as a request. Knows Payara's connector (Catalina facade over Grizzly); elsewhere
 * it knows nothing ({@link #isClosed} false, {@link #originalTarget} null, {@link #cut} does nothing and
 * returns false) and the caller falls back to what the servlet API offers.
 *
 * <p>{@link HostileRequestFilter} asks on every request, so the reflective walk is one chain of cached
 * getters (no lookup by name per request) and is done once per request.
 */
public final class ClientConnection {
    private static final Logger LOG = Logger.getLogger(ClientConnection.class.getName());
    private static final ClientConnection UNKNOWN = new ClientConnection(null);

    // Payara: ResponseFacade.response -> Catalina Response -> Grizzly Response -> Grizzly Request
    private static final FieldReader CATALINA_RESPONSE = new FieldReader("response");
    private static final CachedGetter GRIZZLY_RESPONSE = new CachedGetter("getCoyoteResponse");
    private static final CachedGetter GRIZZLY_REQUEST = new CachedGetter("getRequest");
    // Grizzly Request -> Connection, and -> HttpRequestPacket -> RequestURIRef -> original target
    private static final CachedGetter CONNECTION = new CachedGetter("getConnection");
    private static final CachedGetter IS_OPEN = new CachedGetter("isOpen");
    private static final CachedGetter CLOSE_SILENTLY = new CachedGetter("closeSilently");
    private static final CachedGetter REQUEST_PACKET = new CachedGetter("getRequest");
    private static final CachedGetter URI_REF = new CachedGetter("getRequestURIRef");
    private static final CachedGetter ORIGINAL_URI = new CachedGetter("getOriginalRequestURIBC");

    /** Grizzly's request under the servlet one, or null on another container. */
    private final Object connectorRequest;

    private ClientConnection(Object connectorRequest) {
        this.connectorRequest = connectorRequest;
    }

    /** The connection under {@code response}; one that knows nothing on a container this class does not know. */
    public static ClientConnection of(ServletResponse response) {
        ServletResponse unwrapped = response;
        while (unwrapped instanceof ServletResponseWrapper wrapper) {
            unwrapped = wrapper.getResponse();
        }
        try {
            Object catalina = CATALINA_RESPONSE.read(unwrapped);
            if (catalina == null) {
                return UNKNOWN;
            }
            Object request = GRIZZLY_REQUEST.call(GRIZZLY_RESPONSE.call(catalina));
            return request == null ? UNKNOWN : new ClientConnection(request);
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "no access to the client connection on this container", e);
            return UNKNOWN;
        }
    }

    /** Closes the connection under {@code response}; false when this container is not one it knows. */
    public static boolean cut(ServletResponse response) {
        return of(response).cut();
    }

    /** Closes this connection; false when this container is not one it knows. */
    public boolean cut() {
        if (connectorRequest == null) {
            return false;
        }
        try {
            CLOSE_SILENTLY.call(CONNECTION.call(connectorRequest));
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "cannot cut the client connection on this container", e);
            return false;
        }
    }

    /**
     * Whether the connection is known to be closed already: a request the client pipelined behind one whose
     * connection was cut is still handed to the application by the connector.
     */
    public boolean isClosed() {
        if (connectorRequest == null) {
            return false;
        }
        try {
            return Boolean.FALSE.equals(IS_OPEN.call(CONNECTION.call(connectorRequest)));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** Grizzly's connection, or null on another container. */
    Object grizzlyConnection() {
        if (connectorRequest == null) {
            return null;
        }
        try {
            return CONNECTION.call(connectorRequest);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The request target as it stood in the request line, or null when the container does not tell. Grizzly
     * turns an absolute-form target ({@code http://host/path}) into its path and the Host header into that
     * host before any servlet runs; only the original target still shows what the client sent.
     */
    public String originalTarget() {
        if (connectorRequest == null) {
            return null;
        }
        try {
            Object original = ORIGINAL_URI.call(URI_REF.call(REQUEST_PACKET.call(connectorRequest)));
            return original == null ? null : original.toString();
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "no access to the original request target on this container", e);
            return null;
        }
    }

    /** A field read by name (declared here or in a superclass); null when the class has none. */
    private static final class FieldReader {
        private final String name;
        private volatile Resolved last;

        FieldReader(String name) {
            this.name = name;
        }

        Object read(Object target) throws IllegalAccessException {
            Resolved resolved = last;
            if (resolved == null || resolved.type != target.getClass()) {
                resolved = new Resolved(target.getClass(), find(target.getClass()));
                last = resolved;
            }
            return resolved.field == null ? null : resolved.field.get(target);
        }

        private Field find(Class<?> type) {
            for (Class<?> c = type; c != null; c = c.getSuperclass()) {
                try {
                    Field field = c.getDeclaredField(name);
                    field.setAccessible(true);
                    return field;
                } catch (NoSuchFieldException e) {
                    // look further up
                } catch (RuntimeException inaccessible) {
                    return null;
                }
            }
            return null;
        }

        private record Resolved(Class<?> type, Field field) {
        }
    }
}
