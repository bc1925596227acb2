package org.lodestar.web;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;

/**
 * What the statistics page is asked to show: the proxies whose name contains {@code scope}, and whether
 * DOWN servers are hidden. Given as GET parameters ({@code ?scope=web&up=1}) or, on the configuration's
 * stats URI, in HAProxy's way after it ({@code /haproxy?stats;up;scope=web}).
 */
record PageOptions(String scope, boolean hideDown) {
    PageOptions {
        scope = scope == null ? "" : scope.strip();
    }

    /**
     * @param scopeParameter the {@code scope} GET parameter, or null
     * @param upParameter    the {@code up} GET parameter, or null
     * @param rawQuery       the query of the URL the client asked for (before any forward), or null
     */
    static PageOptions of(String scopeParameter, String upParameter, String rawQuery) {
        String scope = scopeParameter;
        boolean up = upParameter != null && !upParameter.equals("0");
        if (rawQuery != null) {
            for (String option : rawQuery.split("[;&]")) {
                if (option.equals("up")) {
                    up = true;
                } else if (option.startsWith("scope=") && scope == null) {
                    scope = URLDecoder.decode(option.substring("scope=".length()), StandardCharsets.UTF_8);
                }
            }
        }
        return new PageOptions(scope, up);
    }

    /** The page's query string for these options, with {@code hideDown} replaced. */
    String query(boolean hide) {
        StringBuilder query = new StringBuilder();
        if (!scope.isEmpty()) {
            query.append("scope=").append(URLEncoder.encode(scope, StandardCharsets.UTF_8));
        }
        if (hide) {
            query.append(query.length() == 0 ? "" : "&").append("up=1");
        }
        return query.length() == 0 ? "" : "?" + query;
    }
}
