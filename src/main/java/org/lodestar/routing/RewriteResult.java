package org.lodestar.routing;

/** What a backend's rewrites made of a request. */
sealed interface RewriteResult {
    record Rewritten(CurrentRequest request) implements RewriteResult {
    }

    record Invalid(String reason) implements RewriteResult {
    }
}
