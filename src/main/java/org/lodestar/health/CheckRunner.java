package org.lodestar.health;

import java.time.Duration;
import org.lodestar.config.HealthCheck;
import org.lodestar.config.Server;
import org.lodestar.server.CheckResult;

/** Performs one check of one server; {@link Checker#check} in production. */
@FunctionalInterface
public interface CheckRunner {
    CheckResult check(Server server, HealthCheck check, Duration timeout);
}
