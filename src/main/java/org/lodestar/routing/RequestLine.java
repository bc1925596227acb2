package org.lodestar.routing;

import java.util.Optional;

/**
 * Parses the request line a {@code reqrep} produced back into method and target. HAProxy 1.x re-parsed
 * the rewritten line the same way, so a rewrite must leave {@code METHOD SP /target SP VERSION}. The
 * version is only checked for presence: the proxy speaks its own HTTP version to the server.
 */
record RequestLine(String method, String path, String query) {

    static String format(CurrentRequest request) {
        return request.method() + " " + request.pathAndQuery() + " " + request.version();
    }

    /** @return the parsed line, or empty when it is not {@code METHOD SP /target SP VERSION} */
    static Optional<RequestLine> parse(String line) {
        int firstSpace = line.indexOf(' ');
        int lastSpace = line.lastIndexOf(' ');
        if (firstSpace <= 0 || lastSpace == firstSpace || lastSpace == line.length() - 1) {
            return Optional.empty();
        }
        String target = line.substring(firstSpace + 1, lastSpace);
        if (!target.startsWith("/") || target.indexOf(' ') >= 0) {
            return Optional.empty();
        }
        int questionMark = target.indexOf('?');
        String path = questionMark < 0 ? target : target.substring(0, questionMark);
        String query = questionMark < 0 ? null : target.substring(questionMark + 1);
        return Optional.of(new RequestLine(line.substring(0, firstSpace), path, query));
    }
}
