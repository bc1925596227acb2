package org.lodestar.config;

import java.util.Optional;

/**
 * {@code option forwardfor [except <network>] [header <name>]}. Lodestar always sends the client address
 * (see docs/configuration.md); the option renames the header or exempts a network.
 */
public record ForwardFor(String header, Optional<String> except) {
    public static final ForwardFor DEFAULT = new ForwardFor("X-Forwarded-For", Optional.empty());
}
