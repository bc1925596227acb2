package org.lodestar.routing;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Refuses requests a front-line proxy must not pass on, before any routing: a path that climbs out of
 * where the rewrite put it once a server decodes it (dot-segments, raw or percent-encoded, once or
 * twice, including behind {@code ;} parameters, {@code %2F} and backslashes), a NUL byte, and framing or
 * Host headers that two HTTP parsers could read differently (request smuggling, Host confusion).
 *
 * <p>Encoded slashes between ordinary segments ({@code /a%2Fb}) stay allowed: some applications use them
 * as data, and without a dot-segment next to them they cannot change which resource is meant.
 */
public final class RequestScreen {
    /** RFC 3986 host (reg-name or IPv4, or an IP literal in brackets) with an optional port. */
    private static final Pattern HOST = Pattern.compile(
            "(\\[[0-9A-Fa-f:.]+\\]|[A-Za-z0-9._~!$&'()*+,;=%-]+)(:[0-9]{1,5})?");

    private static final Pattern METHOD = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private RequestScreen() {
    }

    /**
     * Why the request must be refused with 400, or empty when it may go on. {@code target} is the request
     * target as the client sent it, {@code rawPath} the path the container made of it.
     */
    public static Optional<String> refusal(String method, String target, String rawPath, List<String> hosts,
                                           List<String> contentLengths, List<String> transferEncodings) {
        return methodProblem(method)
                .or(() -> targetProblem(method, target))
                .or(() -> pathProblem(rawPath))
                .or(() -> hostProblem(hosts))
                .or(() -> framingProblem(contentLengths, transferEncodings));
    }

    /**
     * Dot-segments and NUL, in the path as received and after each round of percent-decoding until
     * nothing changes (every round shortens the text, so this ends): a server behind may decode any
     * number of times.
     */
    public static Optional<String> pathProblem(String rawPath) {
        String path = rawPath;
        for (int round = 0; ; round++) {
            if (path.indexOf('\0') >= 0) {
                return Optional.of("NUL byte in the path");
            }
            if (hasDotSegment(path)) {
                return Optional.of(round == 0 ? "dot-segment in the path"
                        : "percent-encoded dot-segment in the path");
            }
            String decoded = percentDecode(path);
            if (decoded.equals(path)) {
                break;
            }
            path = decoded;
        }
        return Optional.empty();
    }

    /**
     * A method is an RFC 9110 token: anything else (a CR or LF above all) would be sent upstream as part
     * of the request line, where it could start a request of its own.
     */
    public static Optional<String> methodProblem(String method) {
        return METHOD.matcher(method).matches() ? Optional.empty() : Optional.of("invalid method");
    }

    /**
     * Only origin-form ({@code /path}) and, for OPTIONS, {@code *}: absolute-form ({@code http://host/path})
     * and authority-form ({@code host:port}) ask a forward proxy to go elsewhere, and CONNECT asks for a
     * tunnel; Lodestar is neither, and a target naming another host than Host is a classic confusion.
     */
    public static Optional<String> targetProblem(String method, String target) {
        if (method.equals("CONNECT")) {
            return Optional.of("CONNECT (this is not a forward proxy)");
        }
        if (target.startsWith("/") || (target.equals("*") && method.equals("OPTIONS"))) {
            return Optional.empty();
        }
        return Optional.of(target.contains("://") ? "absolute-form request target (this is not a forward proxy)"
                : "request target is not a path");
    }

    /** Exactly one Host, and a well-formed one (HTTP/1.0 requests may have none). */
    public static Optional<String> hostProblem(List<String> hosts) {
        if (hosts.size() > 1) {
            return Optional.of("more than one Host header");
        }
        if (hosts.size() == 1 && !HOST.matcher(hosts.get(0).trim()).matches()) {
            return Optional.of("invalid Host header");
        }
        return Optional.empty();
    }

    /**
     * One way to find where the body ends: no disagreeing lengths, and no transfer coding but a single
     * {@code chunked}. A {@code Transfer-Encoding: chunked} with a {@code Content-Length} is read as chunked,
     * the length ignored (RFC 9112 6.3, and what HAProxy does): the proxy forwards such a body chunked, without
     * the length, and closes the client connection after the response, so no byte after the body is ever
     * read as a request.
     */
    public static Optional<String> framingProblem(List<String> contentLengths, List<String> transferEncodings) {
        if (!transferEncodings.isEmpty()) {
            List<String> codings = transferEncodings.stream().flatMap(v -> List.of(v.split(",", -1)).stream())
                    .map(s -> s.trim().toLowerCase(Locale.ROOT)).toList();
            return codings.equals(List.of("chunked")) ? Optional.empty() : Optional.of("unsupported Transfer-Encoding");
        }
        if (contentLengths.stream().flatMap(v -> List.of(v.split(",", -1)).stream()).map(String::trim)
                .distinct().count() > 1) {
            return Optional.of("conflicting Content-Length values");
        }
        return Optional.empty();
    }

    private static boolean hasDotSegment(String path) {
        for (String segment : path.split("[/\\\\]", -1)) {
            int parameters = segment.indexOf(';');
            String name = parameters < 0 ? segment : segment.substring(0, parameters);
            if (name.equals(".") || name.equals("..")) {
                return true;
            }
        }
        return false;
    }

    /** One round of RFC 3986 percent-decoding (UTF-8); malformed escapes are kept as they are. */
    private static String percentDecode(String text) {
        if (text.indexOf('%') < 0) {
            return text;
        }
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '%' && i + 2 < text.length() && hex(text.charAt(i + 1)) >= 0 && hex(text.charAt(i + 2)) >= 0) {
                bytes.write(hex(text.charAt(i + 1)) * 16 + hex(text.charAt(i + 2)));
                i += 2;
            } else {
                byte[] encoded = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
                bytes.write(encoded, 0, encoded.length);
            }
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
