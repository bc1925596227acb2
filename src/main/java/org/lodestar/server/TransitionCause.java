package org.lodestar.server;

/**
 * Why a server's state changed, for the dashboard's timeline: a health check's result, or an
 * administrator's action.
 */
public sealed interface TransitionCause permits CheckResult, AdminCause {
}
