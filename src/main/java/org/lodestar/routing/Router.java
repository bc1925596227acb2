package org.lodestar.routing;

import java.util.Optional;
import org.lodestar.config.Backend;
import org.lodestar.config.Config;
import org.lodestar.config.Frontend;
import org.lodestar.config.SwitchRule;
import org.lodestar.routing.RewriteResult.Invalid;
import org.lodestar.routing.RewriteResult.Rewritten;

/**
 * Chooses the backend for a request and applies that backend's rewrites. Frontends are offered the
 * request in file order; in a frontend the first {@code use_backend} rule whose condition holds wins,
 * then {@code default_backend}; the first frontend that names a backend takes the request. A frontend
 * without a matching rule or default lets the request pass to the next one.
 */
public final class Router {
    private final Config config;

    /** @throws IllegalArgumentException when a frontend names a backend the configuration lacks */
    public Router(Config config) {
        for (Frontend frontend : config.frontends()) {
            frontend.defaultBackend().ifPresent(name -> requireBackend(config, frontend, name));
            frontend.switchRules().forEach(rule -> requireBackend(config, frontend, rule.backend()));
        }
        this.config = config;
    }

    public Route route(RequestView request) {
        Optional<Frontend> lastTried = Optional.empty();
        for (Frontend frontend : config.frontends()) {
            lastTried = Optional.of(frontend);
            Optional<String> backendName = backendName(frontend, request);
            if (backendName.isPresent()) {
                return toBackend(frontend, config.backends().get(backendName.get()), request);
            }
        }
        return new Route.NoBackend(lastTried);
    }

    private static Optional<String> backendName(Frontend frontend, RequestView request) {
        return frontend.switchRules().stream()
                .filter(rule -> ConditionEvaluator.holds(rule.condition(), request))
                .map(SwitchRule::backend)
                .findFirst()
                .or(frontend::defaultBackend);
    }

    private static Route toBackend(Frontend frontend, Backend backend, RequestView request) {
        RewriteResult result = Rewriter.apply(backend.rewrites(), request);
        if (result instanceof Invalid invalid) {
            return new Route.BadRewrite(frontend, backend, invalid.reason());
        }
        CurrentRequest rewritten = ((Rewritten) result).request();
        return new Route.ToBackend(frontend, backend, rewritten.method(), rewritten.path(), rewritten.query(),
                RemovedPrefix.between(request.path(), rewritten.path()));
    }

    private static void requireBackend(Config config, Frontend frontend, String name) {
        if (config.backend(name).isEmpty()) {
            throw new IllegalArgumentException(
                    "frontend '" + frontend.name() + "' refers to unknown backend '" + name + "'");
        }
    }
}
