package org.lodestar.stats;

import java.util.Map;
import java.util.Set;

/**
 * What a login proved: the userlists whose user of that name has that password, each with the user's groups
 * there. Nothing else about the request is known when the identity store decides the roles.
 */
record Caller(Map<String, Set<String>> groupsByUserlist) {
    static final Caller NOBODY = new Caller(Map.of());

    Caller {
        groupsByUserlist = Map.copyOf(groupsByUserlist);
    }

    /** {@code http_auth(<userlist>)}. */
    boolean authenticatedIn(String userlist) {
        return groupsByUserlist.containsKey(userlist);
    }

    /** {@code http_auth_group(<userlist>) <group>...}: authenticated there and in one of the groups. */
    boolean inAnyGroup(String userlist, Iterable<String> groups) {
        Set<String> own = groupsByUserlist.get(userlist);
        if (own == null) {
            return false;
        }
        for (String group : groups) {
            if (own.contains(group)) {
                return true;
            }
        }
        return false;
    }
}
