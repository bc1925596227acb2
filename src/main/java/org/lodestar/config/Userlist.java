package org.lodestar.config;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * A {@code userlist} section: users and groups that {@code http_auth(<name>)} and
 * {@code http_auth_group(<name>)} check HTTP Basic credentials against. It is not a proxy: it has no
 * statistics row and never shows on the stats page.
 *
 * @param users  by name, in file order
 * @param groups by name, in file order
 */
public record Userlist(String name, int line, Map<String, User> users, Map<String, Group> groups) {
    public Userlist {
        users = Collections.unmodifiableMap(new LinkedHashMap<>(users));
        groups = Collections.unmodifiableMap(new LinkedHashMap<>(groups));
    }

    public Optional<User> user(String name) {
        return Optional.ofNullable(users.get(name));
    }
}
