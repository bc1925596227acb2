package org.lodestar.proxy;

import java.nio.charset.StandardCharsets;

/**
 * Makes a raw request target acceptable to {@link java.net.URI} without changing what it means: characters
 * RFC 3986 does not allow in a path or query (space, brackets, braces, non-ASCII…) are percent-encoded,
 * existing escapes such as {@code %2F} are kept byte for byte, and a stray {@code %} becomes {@code %25}.
 */
final class UriText {
    private static final boolean[] ALLOWED = new boolean[128];

    static {
        String allowed = "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"
                + "-._~" + "!$&'()*+,;=" + ":@/?";
        for (char c : allowed.toCharArray()) {
            ALLOWED[c] = true;
        }
    }

    private UriText() {
    }

    static String encodeIllegal(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean keep = c < 128 && ALLOWED[c] || c == '%' && isEscape(text, i);
            if (keep) {
                if (out != null) {
                    out.append(c);
                }
                continue;
            }
            if (out == null) {
                out = new StringBuilder(text.length() + 16).append(text, 0, i);
            }
            int end = Character.isHighSurrogate(c) && i + 1 < text.length() ? i + 2 : i + 1;
            for (byte b : text.substring(i, end).getBytes(StandardCharsets.UTF_8)) {
                out.append('%').append(Character.toUpperCase(Character.forDigit((b >> 4) & 0xF, 16)))
                        .append(Character.toUpperCase(Character.forDigit(b & 0xF, 16)));
            }
            i = end - 1;
        }
        return out == null ? text : out.toString();
    }

    private static boolean isEscape(String text, int i) {
        return i + 2 < text.length() && Character.digit(text.charAt(i + 1), 16) >= 0
                && Character.digit(text.charAt(i + 2), 16) >= 0;
    }
}
