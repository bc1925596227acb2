/**
 * Administrators' actions on servers ({@link org.lodestar.state.ServerAdministration}: READY, DRAIN, MAINT,
 * weight, checks on or off, check now), applied to each server's {@code ServerStatus}; where the settings
 * survive a restart ({@link org.lodestar.state.StateStore}, {@link org.lodestar.state.FileStateStore}, HAProxy's
 * {@code server-state-file} in spirit) and the dashboard's {@link org.lodestar.state.Timeline}.
 *
 * <p>Must not: import {@code balance}, {@code proxy}, {@code container} or {@code web}, nor any
 * {@code jakarta.*} API. See docs/architecture.md.
 */
package org.lodestar.state;
