package org.lodestar.config;

/** {@code option httplog [clf]} and {@code option dontlognull}. */
public record LogOptions(boolean httplog, boolean clf, boolean dontlognull) {
    public static final LogOptions NONE = new LogOptions(false, false, false);
}
