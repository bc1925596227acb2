package org.lodestar.config;

import java.util.List;
import java.util.Optional;

/**
 * A {@code frontend} (or the frontend half of a {@code listen}).
 *
 * @param switchRules    {@code use_backend} rules in file order
 * @param defaultBackend {@code default_backend}, or the listen section's own name
 * @param maxconn        concurrent requests this frontend handles; 0 = unlimited
 * @param monitorUri     {@code monitor-uri}: the path answered 200 while this instance can route, 503 while not
 */
public record Frontend(String name, int line, List<SwitchRule> switchRules, Optional<String> defaultBackend,
                       int maxconn, Timeouts timeouts, LogOptions log, ForwardFor forwardFor, Stats stats,
                       Optional<String> monitorUri) {
    public Frontend {
        switchRules = List.copyOf(switchRules);
        java.util.Objects.requireNonNull(monitorUri, "monitorUri");
    }
}
