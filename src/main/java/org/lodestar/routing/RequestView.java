package org.lodestar.routing;

import java.util.List;

/**
 * The parts of an HTTP request that routing looks at. The servlet adapts its request to this, which
 * keeps the routing rules free of container APIs and testable with plain values.
 */
public interface RequestView {
    String method();

    /** The path as received: not decoded, without the query string. */
    String path();

    /** The raw query string without '?', or null when the request has none. */
    String query();

    /** The protocol version, e.g. {@code HTTP/1.1}. */
    String version();

    /** Every occurrence of the header, in order; empty when absent. */
    List<String> headers(String lowerCaseName);

    /** True when the client connected from a loopback address. */
    boolean fromLoopback();
}
