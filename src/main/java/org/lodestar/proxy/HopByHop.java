package org.lodestar.proxy;

import java.util.Enumeration;
import java.util.HashSet;
import java.util.Locale;
import java.util.Set;
import org.apache.http.Header;

/**
 * Headers named in a {@code Connection} header are hop-by-hop too (RFC 9110 §7.6.1): they were meant for
 * this hop only and must not be forwarded, in either direction.
 */
final class HopByHop {
    private HopByHop() {
    }

    static Set<String> connectionTokens(Enumeration<String> connectionHeaders) {
        Set<String> tokens = new HashSet<>();
        while (connectionHeaders.hasMoreElements()) {
            addTokens(connectionHeaders.nextElement(), tokens);
        }
        return tokens;
    }

    static Set<String> connectionTokens(Header[] connectionHeaders) {
        Set<String> tokens = new HashSet<>();
        for (Header header : connectionHeaders) {
            addTokens(header.getValue(), tokens);
        }
        return tokens;
    }

    private static void addTokens(String value, Set<String> tokens) {
        for (String token : value.split(",")) {
            String name = token.trim().toLowerCase(Locale.ROOT);
            if (!name.isEmpty()) {
                tokens.add(name);
            }
        }
    }
}
