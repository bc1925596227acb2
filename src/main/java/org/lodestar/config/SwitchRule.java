package org.lodestar.config;

/** {@code use_backend <backend> if|unless <condition>}. */
public record SwitchRule(String backend, Condition condition, int line) {
}
