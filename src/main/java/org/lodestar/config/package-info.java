/**
 * Reads a configuration written in the HAProxy language into immutable records: {@link org.lodestar.config.ConfigParser}
 * drives the sections, one {@code *Keywords} class per keyword family parses its lines, {@link
 * org.lodestar.config.ConfigValidator} checks the cross-references once the file is read, and the records
 * ({@link org.lodestar.config.Config}, {@code Frontend}, {@code Backend}, {@code Server}, …) are what every other
 * package reads. Errors are collected as {@code FILE:LINE: message}.
 *
 * <p>Must not: import any other Lodestar package or any {@code jakarta.*} API; hold run-time state (a record
 * never changes after parsing). See docs/architecture.md.
 */
package org.lodestar.config;
