package org.lodestar.proxy;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Moves the {@code Path} attribute of a server's {@code Set-Cookie} under the mount path, so a cookie a
 * server scopes to {@code /} is sent back by the browser for {@code /spark/…}. Every other attribute
 * (SameSite, Secure, HttpOnly, Max-Age…) passes through untouched, which the Servlet Cookie API would not
 * guarantee.
 */
public final class SetCookieRewriter {
    private static final Pattern PATH_ATTRIBUTE = Pattern.compile("(;\\s*[Pp][Aa][Tt][Hh]\\s*=\\s*)([^;]*)");

    private SetCookieRewriter() {
    }

    public static String rewrite(String setCookie, String mountPath) {
        if (mountPath.isEmpty()) {
            return setCookie;
        }
        Matcher m = PATH_ATTRIBUTE.matcher(setCookie);
        if (!m.find()) {
            return setCookie;
        }
        String path = m.group(2).trim();
        if (!path.startsWith("/") || path.equals(mountPath) || path.startsWith(mountPath + "/")) {
            return setCookie;
        }
        String mounted = path.equals("/") ? mountPath + "/" : mountPath + path;
        return setCookie.substring(0, m.start(2)) + mounted + setCookie.substring(m.end(2));
    }
}
