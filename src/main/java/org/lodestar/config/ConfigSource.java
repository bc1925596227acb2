package org.lodestar.config;

/** The text of a configuration and the name it is reported under ({@code FILE} in {@code FILE:LINE}). */
public record ConfigSource(String name, String text) {
}
