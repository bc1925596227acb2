package org.lodestar.web;

import java.lang.reflect.Method;

/**
 * A public no-argument method called by name on a connector object the application cannot compile against,
 * looked up once for the class it last met: on one container every call meets the same class, so a call
 * costs a class comparison and the reflective invocation, with no lookup by name. A class without the
 * method is remembered too, so that another container does not pay for a failed lookup on every request.
 */
final class CachedGetter {
    private final String name;
    private volatile Resolved last;

    CachedGetter(String name) {
        this.name = name;
    }

    Object call(Object target) throws ReflectiveOperationException {
        Resolved resolved = last;
        if (resolved == null || resolved.type != target.getClass()) {
            resolved = resolve(target.getClass());
            last = resolved;
        }
        if (resolved.method == null) {
            throw resolved.missing;
        }
        return resolved.method.invoke(target);
    }

    private Resolved resolve(Class<?> type) {
        try {
            Method method = type.getMethod(name);
            method.setAccessible(true);
            return new Resolved(type, method, null);
        } catch (NoSuchMethodException | RuntimeException e) {
            return new Resolved(type, null, new Missing(type.getName() + "." + name + "()"));
        }
    }

    private record Resolved(Class<?> type, Method method, Missing missing) {
    }

    /** Thrown again for every call on a class without the method: no stack trace to fill each time. */
    private static final class Missing extends NoSuchMethodException {
        private static final long serialVersionUID = 1L;

        Missing(String method) {
            super(method);
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
