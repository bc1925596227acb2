package org.lodestar.web;

import java.util.Iterator;
import java.util.Optional;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;

/**
 * Finds, once, the {@link ConnectorBinding} for this server's HTTP connector: the first provider whose
 * connector classes the server has. A provider whose connector is missing (Grizzly on WildFly) is simply not
 * this server's; one that is there but fails (a Payara upgrade moved what it needs) is reported by
 * {@link #failure}, logged as a WARNING and shown on the dashboard, and the protections fall back.
 */
public final class Connectors {
    private record Resolution(Optional<ConnectorBinding> binding, Optional<String> failure) {
    }

    private static volatile Resolution resolution;
    private static volatile ConnectorProtections.HeadTimeout headTimeout = ConnectorProtections.HeadTimeout.NOT_YET;

    private Connectors() {
    }

    /** The binding of this server's connector; empty where none applies or it failed. */
    public static Optional<ConnectorBinding> binding() {
        return resolved().binding();
    }

    /** Why the binding for this server's connector could not be used, if it could not. */
    public static Optional<String> failure() {
        return resolved().failure();
    }

    /** What Lodestar can and cannot protect on this server now. */
    public static ConnectorProtections protections(String serverInfo) {
        return new ConnectorProtections(serverInfo, binding().map(ConnectorBinding::name), failure(), headTimeout);
    }

    static void headTimeout(ConnectorProtections.HeadTimeout state) {
        headTimeout = state;
    }

    private static Resolution resolved() {
        Resolution current = resolution;
        if (current == null) {
            synchronized (Connectors.class) {
                if (resolution == null) {
                    resolution = resolve();
                }
                current = resolution;
            }
        }
        return current;
    }

    private static Resolution resolve() {
        Iterator<ConnectorBinding> providers =
                ServiceLoader.load(ConnectorBinding.class, Connectors.class.getClassLoader()).iterator();
        Optional<String> failure = Optional.empty();
        while (true) {
            try {
                if (!providers.hasNext()) {
                    return new Resolution(Optional.empty(), failure);
                }
                return new Resolution(Optional.of(providers.next()), Optional.empty());
            } catch (ServiceConfigurationError | LinkageError e) {
                if (!connectorMissing(e)) {
                    failure = Optional.of(rootMessage(e));
                }
            }
        }
    }

    /** The provider's connector classes are not on this server: it is another server's binding. */
    private static boolean connectorMissing(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof NoClassDefFoundError || t instanceof ClassNotFoundException) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.toString();
    }
}
