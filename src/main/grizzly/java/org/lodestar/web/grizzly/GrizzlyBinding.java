package org.lodestar.web.grizzly;

import jakarta.servlet.ServletResponse;
import java.lang.reflect.Field;
import java.lang.reflect.Method;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Supplier;
import org.glassfish.grizzly.Connection;
import org.glassfish.grizzly.filterchain.Filter;
import org.glassfish.grizzly.filterchain.FilterChain;
import org.glassfish.grizzly.http.HttpCodecFilter;
import org.glassfish.grizzly.http.server.Response;
import org.lodestar.web.ClientConnection;
import org.lodestar.web.ConnectorBinding;
import org.lodestar.web.RequestHeadTimeout;

/**
 * The connector binding for Payara's HTTP listener, Grizzly: everything below the servlet response is
 * Grizzly's API, compiled against it. Only the way in is taken by name: Payara's servlet response is
 * Catalina's facade ({@value #CATALINA_FACADE}) over Grizzly's response, and Catalina is not published,
 * so its field {@value #CATALINA_RESPONSE_FIELD} and method {@value #GRIZZLY_RESPONSE_METHOD} are looked up
 * once, here; a Payara without them fails this binding at start, with a WARNING naming what is missing.
 */
public final class GrizzlyBinding implements ConnectorBinding {
    private static final String CATALINA_FACADE = "org.apache.catalina.connector.ResponseFacade";
    private static final String CATALINA_RESPONSE_FIELD = "response";
    private static final String GRIZZLY_RESPONSE_METHOD = "getCoyoteResponse";

    private final Class<?> facade;
    private final Field catalinaResponse;
    private final Method grizzlyResponse;

    /** Fails (NoClassDefFoundError) where there is no Grizzly: this binding is then not this server's. */
    public GrizzlyBinding() {
        ClassLoader loader = Response.class.getClassLoader();
        try {
            facade = Class.forName(CATALINA_FACADE, false, loader);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("Grizzly is there, but not Payara's servlet response " + CATALINA_FACADE);
        }
        catalinaResponse = field(facade, CATALINA_RESPONSE_FIELD);
        grizzlyResponse = method(catalinaResponse.getType(), GRIZZLY_RESPONSE_METHOD);
        if (!Response.class.isAssignableFrom(grizzlyResponse.getReturnType())) {
            throw new IllegalStateException(catalinaResponse.getType().getName() + "." + GRIZZLY_RESPONSE_METHOD
                    + "() no longer returns Grizzly's response");
        }
    }

    @Override
    public String name() {
        return "Grizzly";
    }

    @Override
    public ClientConnection connectionOf(ServletResponse response) {
        if (!facade.isInstance(response)) {
            return null;
        }
        try {
            Object catalina = catalinaResponse.get(response);
            Response grizzly = catalina == null ? null : (Response) grizzlyResponse.invoke(catalina);
            return grizzly == null ? null : new GrizzlyClientConnection(grizzly.getRequest());
        } catch (ReflectiveOperationException e) {
            return null; // resolved and made accessible at start: not expected
        }
    }

    @Override
    public Optional<AutoCloseable> enforceHeadTimeout(ClientConnection connection,
                                                      Supplier<Optional<Duration>> limit, Runnable onTimeout) {
        if (!(connection instanceof GrizzlyClientConnection grizzly)) {
            return Optional.empty();
        }
        Connection<?> under = grizzly.connection();
        if (!(under.getProcessor() instanceof FilterChain chain)) {
            return Optional.empty();
        }
        for (Filter filter : chain) {
            if (filter instanceof HttpCodecFilter parser) {
                HeadEvents events = new HeadEvents(parser.getMonitoringConfig());
                RequestHeadTimeout<Connection<?>> timeout =
                        new RequestHeadTimeout<>(events, limit, onTimeout, System::nanoTime);
                events.report(timeout);
                timeout.start();
                return Optional.of(timeout);
            }
        }
        return Optional.empty();
    }

    private static Field field(Class<?> type, String name) {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field field = c.getDeclaredField(name);
                field.setAccessible(true);
                return field;
            } catch (NoSuchFieldException e) {
                // look further up
            }
        }
        throw new IllegalStateException(type.getName() + " has no field " + name + " any more");
    }

    private static Method method(Class<?> type, String name) {
        try {
            Method method = type.getMethod(name);
            method.setAccessible(true);
            return method;
        } catch (NoSuchMethodException e) {
            throw new IllegalStateException(type.getName() + " has no method " + name + "() any more");
        }
    }
}
