package org.lodestar.server;

/**
 * Why a server's state changed, for the dashboard's timeline: a health check's result, an
 * administrator's action, or a change of the server it tracks.
 */
public sealed interface TransitionCause permits CheckResult, AdminCause, TrackedCause {
}
