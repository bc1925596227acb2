package org.lodestar.routing;

import java.util.List;
import java.util.Optional;
import org.lodestar.config.RequestRewrite;
import org.lodestar.config.RequestRewrite.ReplacePath;
import org.lodestar.config.RequestRewrite.ReplaceUri;
import org.lodestar.config.RequestRewrite.ReqRep;
import org.lodestar.config.RequestRewrite.SetPath;
import org.lodestar.routing.RewriteResult.Invalid;
import org.lodestar.routing.RewriteResult.Rewritten;

/**
 * Applies a backend's rewrites in order. Each rewrite's condition is evaluated against the request as
 * the previous rewrites left it. Regex rewrites follow {@link RegexReplacement}; a rewrite whose regex
 * does not match changes nothing. Percent-encoded characters are never decoded, so they reach the
 * server byte for byte.
 */
final class Rewriter {
    private Rewriter() {
    }

    static RewriteResult apply(List<RequestRewrite> rewrites, RequestView request) {
        CurrentRequest current = CurrentRequest.of(request);
        for (RequestRewrite rewrite : rewrites) {
            if (!applies(rewrite, current)) {
                continue;
            }
            RewriteResult result = applyOne(rewrite, current);
            if (result instanceof Invalid) {
                return result;
            }
            current = ((Rewritten) result).request();
        }
        return new Rewritten(current);
    }

    private static boolean applies(RequestRewrite rewrite, CurrentRequest current) {
        return rewrite.condition().map(condition -> ConditionEvaluator.holds(condition, current)).orElse(true);
    }

    private static RewriteResult applyOne(RequestRewrite rewrite, CurrentRequest current) {
        try {
            // Java 17 has no pattern switch; the chain covers every permitted RequestRewrite.
            if (rewrite instanceof ReplacePath r) {
                return withPath(rewrite, current,
                        RegexReplacement.apply(r.regex(), r.replacement(), current.path()).orElse(current.path()));
            }
            if (rewrite instanceof ReplaceUri r) {
                return withUri(rewrite, current,
                        RegexReplacement.apply(r.regex(), r.replacement(), current.pathAndQuery()));
            }
            if (rewrite instanceof SetPath r) {
                return withPath(rewrite, current, r.path());
            }
            ReqRep r = (ReqRep) rewrite;
            return withRequestLine(rewrite, current,
                    RegexReplacement.apply(r.regex(), r.replacement(), RequestLine.format(current)));
        } catch (IllegalArgumentException e) {
            return invalid(rewrite, e.getMessage());
        }
    }

    private static RewriteResult withPath(RequestRewrite rewrite, CurrentRequest current, String path) {
        if (!path.startsWith("/") || path.indexOf('?') >= 0 || containsWhitespace(path)) {
            return invalid(rewrite, "path '" + path + "' must start with '/' and contain no '?' or space");
        }
        return new Rewritten(current.withPathAndQuery(path, current.query()));
    }

    private static RewriteResult withUri(RequestRewrite rewrite, CurrentRequest current, Optional<String> uri) {
        if (uri.isEmpty()) {
            return new Rewritten(current);
        }
        String target = uri.get();
        if (!target.startsWith("/") || containsWhitespace(target)) {
            return invalid(rewrite, "URI '" + target + "' must start with '/' and contain no space");
        }
        int questionMark = target.indexOf('?');
        return questionMark < 0
                ? new Rewritten(current.withPathAndQuery(target, null))
                : new Rewritten(current.withPathAndQuery(target.substring(0, questionMark),
                        target.substring(questionMark + 1)));
    }

    private static RewriteResult withRequestLine(RequestRewrite rewrite, CurrentRequest current,
                                                 Optional<String> line) {
        if (line.isEmpty()) {
            return new Rewritten(current);
        }
        return RequestLine.parse(line.get())
                .<RewriteResult>map(parsed -> new Rewritten(
                        current.withTarget(parsed.method(), parsed.path(), parsed.query())))
                .orElseGet(() -> invalid(rewrite,
                        "request line '" + line.get() + "' is not 'METHOD /target VERSION'"));
    }

    private static boolean containsWhitespace(String value) {
        return value.chars().anyMatch(Character::isWhitespace);
    }

    private static Invalid invalid(RequestRewrite rewrite, String problem) {
        return new Invalid("rewrite at line " + rewrite.line() + ": " + problem);
    }
}
