package org.lodestar.proxy;

import java.util.Locale;

/**
 * Puts URLs a server sends back ({@code Location}, {@code Content-Location}) under the path the client
 * used. A server behind a prefix-stripping rewrite knows nothing of the prefix: its redirect to {@code /x}
 * must reach the client as {@code /spark/x}, and a redirect absolute to the server itself must point
 * at the proxy, or the client would leave the proxy.
 *
 * @param serverOrigin {@code http://host:port} of the server that answered
 * @param proxyOrigin  {@code scheme://host[:port]} the client used (its Host header)
 * @param mountPath    context path plus the prefix the rewrite removed ({@code /spark}); empty when none
 */
public record LocationRewriter(String serverOrigin, String proxyOrigin, String mountPath) {

    public String rewrite(String location) {
        if (location == null || location.isEmpty()) {
            return location;
        }
        String serverPath = pathAfterOrigin(location, serverOrigin);
        if (serverPath != null) {
            return proxyOrigin + underMount(serverPath);
        }
        String proxyPath = pathAfterOrigin(location, proxyOrigin);
        if (proxyPath != null) {
            return proxyOrigin + underMount(proxyPath);
        }
        if (location.startsWith("/") && !location.startsWith("//")) {
            return underMount(location);
        }
        // Path-relative URLs already resolve against the client's own URL; other hosts are not ours.
        return location;
    }

    /** The path of {@code url} if it is on {@code origin} (case-insensitive scheme and host), else null. */
    private static String pathAfterOrigin(String url, String origin) {
        if (origin == null || url.length() < origin.length()
                || !url.substring(0, origin.length()).toLowerCase(Locale.ROOT).equals(origin.toLowerCase(Locale.ROOT))) {
            return null;
        }
        String rest = url.substring(origin.length());
        if (rest.isEmpty()) {
            return "/";
        }
        char next = rest.charAt(0);
        return next == '/' ? rest : next == '?' || next == '#' ? "/" + rest : null;
    }

    /**
     * Prefixes the mount path unless the server already produced a URL under it (a backend that honours
     * {@code X-Forwarded-Context} does).
     */
    private String underMount(String path) {
        if (mountPath.isEmpty() || path.equals(mountPath) || path.startsWith(mountPath + "/")
                || path.startsWith(mountPath + "?")) {
            return path;
        }
        return mountPath + path;
    }
}
