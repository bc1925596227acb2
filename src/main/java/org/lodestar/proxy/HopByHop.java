package org.lodestar.proxy;

import java.util.Enumeration;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.lodestar.upstream.Field;

/**
 * Header fields meant for one hop only, never forwarded in either direction (RFC 9110 7.6.1): the fixed
 * list, plus every field a {@code Connection} header names. Framing ({@code Content-Length},
 * {@code Transfer-Encoding}) is each hop's own too: Lodestar frames what it sends.
 */
final class HopByHop {
    private static final Set<String> FIXED = Set.of("connection", "keep-alive", "proxy-authenticate",
            "proxy-authorization", "proxy-connection", "te", "trailer", "trailers", "transfer-encoding", "upgrade");

    private HopByHop() {
    }

    /** Whether {@code lowerCaseName} is hop-by-hop here, given the {@code Connection} tokens of the message. */
    static boolean is(String lowerCaseName, Set<String> connectionTokens) {
        return FIXED.contains(lowerCaseName) || connectionTokens.contains(lowerCaseName);
    }

    static Set<String> connectionTokens(Enumeration<String> connectionHeaders) {
        Set<String> tokens = new HashSet<>();
        while (connectionHeaders.hasMoreElements()) {
            addTokens(connectionHeaders.nextElement(), tokens);
        }
        return tokens;
    }

    static Set<String> connectionTokens(List<Field> fields) {
        Set<String> tokens = new HashSet<>();
        for (Field field : fields) {
            if (field.is("Connection")) {
                addTokens(field.value(), tokens);
            }
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
