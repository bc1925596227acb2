package org.lodestar.routing;

import java.util.List;

/**
 * The request as the rewrites have left it so far: method, path and query may have changed, headers
 * and client address are the original's. Later rewrite conditions are evaluated against this, as in
 * HAProxy, where each rule sees the effect of the previous ones.
 */
record CurrentRequest(RequestView original, String method, String path, String query) implements RequestView {

    static CurrentRequest of(RequestView original) {
        return new CurrentRequest(original, original.method(), original.path(), original.query());
    }

    CurrentRequest withPathAndQuery(String newPath, String newQuery) {
        return new CurrentRequest(original, method, newPath, newQuery);
    }

    CurrentRequest withTarget(String newMethod, String newPath, String newQuery) {
        return new CurrentRequest(original, newMethod, newPath, newQuery);
    }

    String pathAndQuery() {
        return query == null ? path : path + "?" + query;
    }

    @Override
    public String version() {
        return original.version();
    }

    @Override
    public List<String> headers(String lowerCaseName) {
        return original.headers(lowerCaseName);
    }

    @Override
    public boolean fromLoopback() {
        return original.fromLoopback();
    }
}
