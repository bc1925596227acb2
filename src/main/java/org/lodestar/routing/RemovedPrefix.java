package org.lodestar.routing;

/**
 * The part of the path that rewrites stripped from its front, so the proxy can tell the server where
 * it is mounted ({@code X-Forwarded-Context}) and put it back into {@code Location}. It is defined
 * only when the final path is a proper suffix of the original one: {@code /spark/x -> /x} and
 * {@code /spark/ -> /} both give {@code /spark}; anything else (unchanged path, {@code set-path}
 * to an unrelated path, {@code /spark -> /}) gives "". A trailing '/' is dropped because the final
 * path keeps its own leading '/'.
 */
final class RemovedPrefix {
    private RemovedPrefix() {
    }

    static String between(String originalPath, String finalPath) {
        if (finalPath.length() >= originalPath.length() || !originalPath.endsWith(finalPath)) {
            return "";
        }
        String prefix = originalPath.substring(0, originalPath.length() - finalPath.length());
        return prefix.endsWith("/") ? prefix.substring(0, prefix.length() - 1) : prefix;
    }
}
