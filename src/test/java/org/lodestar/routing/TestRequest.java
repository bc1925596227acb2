package org.lodestar.routing;

import java.util.List;
import java.util.Map;

/** A plain {@link RequestView} for tests; header names are given in lower case. */
record TestRequest(String method, String path, String query, String version, Map<String, List<String>> headerMap,
                   boolean fromLoopback) implements RequestView {

    static TestRequest get(String path) {
        return new TestRequest("GET", path, null, "HTTP/1.1", Map.of(), false);
    }

    TestRequest withQuery(String newQuery) {
        return new TestRequest(method, path, newQuery, version, headerMap, fromLoopback);
    }

    TestRequest withHeader(String lowerCaseName, String... values) {
        Map<String, List<String>> headers = new java.util.HashMap<>(headerMap);
        headers.put(lowerCaseName, List.of(values));
        return new TestRequest(method, path, query, version, headers, fromLoopback);
    }

    TestRequest fromLoopback(boolean loopback) {
        return new TestRequest(method, path, query, version, headerMap, loopback);
    }

    @Override
    public List<String> headers(String lowerCaseName) {
        return headerMap.getOrDefault(lowerCaseName, List.of());
    }
}
