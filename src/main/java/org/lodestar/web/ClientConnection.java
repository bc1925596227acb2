package org.lodestar.web;

import jakarta.servlet.ServletResponse;
import jakarta.servlet.ServletResponseWrapper;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Cuts the client connection under a response, where the servlet API has no way to: a server that failed
 * mid-body must leave the client with a visibly truncated response (a servlet that returns, or throws,
 * lets the container end a chunked response with its last chunk, which makes the truncated body look
 * complete), and after a request with doubtful framing no further byte of the connection may be read as
 * a request. Knows Payara's connector (Catalina facade over Grizzly); elsewhere it does nothing and
 * returns false, and the caller falls back to what the servlet API offers.
 */
public final class ClientConnection {
    private static final Logger LOG = Logger.getLogger(ClientConnection.class.getName());

    private ClientConnection() {
    }

    /** Closes the connection under {@code response}; false when this container is not one it knows. */
    public static boolean cut(ServletResponse response) {
        Object connection = connection(response);
        if (connection == null) {
            return false;
        }
        try {
            call(connection, "closeSilently");
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "cannot cut the client connection on this container", e);
            return false;
        }
    }

    /**
     * Whether the connection under {@code response} is known to be closed already: a request the client
     * pipelined behind one whose connection was cut is still handed to the application by the connector.
     */
    public static boolean isClosed(ServletResponse response) {
        Object connection = connection(response);
        try {
            return connection != null && Boolean.FALSE.equals(call(connection, "isOpen"));
        } catch (ReflectiveOperationException | RuntimeException e) {
            return false;
        }
    }

    /** Payara's Grizzly connection under the servlet response, or null on another container. */
    private static Object connection(ServletResponse response) {
        ServletResponse unwrapped = response;
        while (unwrapped instanceof ServletResponseWrapper wrapper) {
            unwrapped = wrapper.getResponse();
        }
        try {
            Field catalinaField = field(unwrapped.getClass(), "response");
            if (catalinaField == null) {
                return null;
            }
            Object catalina = catalinaField.get(unwrapped);
            Object grizzlyResponse = call(catalina, "getCoyoteResponse");
            Object grizzlyRequest = call(grizzlyResponse, "getRequest");
            Object context = call(grizzlyRequest, "getContext");
            return call(context, "getConnection");
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(Level.FINE, "no access to the client connection on this container", e);
            return null;
        }
    }

    /** Reflection is looked up once per class: {@link #isClosed} runs on every request. */
    private static final Map<String, Method> METHODS = new ConcurrentHashMap<>();
    private static final Map<Class<?>, Optional<Field>> FIELDS = new ConcurrentHashMap<>();

    private static Field field(Class<?> type, String name) {
        return FIELDS.computeIfAbsent(type, t -> Optional.ofNullable(findField(t, name))).orElse(null);
    }

    private static Field findField(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // look further up
            }
        }
        return null;
    }

    private static Object call(Object target, String method) throws ReflectiveOperationException {
        String key = target.getClass().getName() + '#' + method;
        Method m = METHODS.get(key);
        if (m == null) {
            m = target.getClass().getMethod(method);
            m.setAccessible(true);
            METHODS.put(key, m);
        }
        return m.invoke(target);
    }
}
