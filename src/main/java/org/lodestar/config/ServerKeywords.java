package org.lodestar.config;

import static org.lodestar.config.Section.BACKEND;
import static org.lodestar.config.Section.DEFAULTS;
import static org.lodestar.config.Section.LISTEN;

import java.util.EnumSet;
import java.util.List;

/** A backend's servers: {@code server}, and {@code default-server}, the options the next servers start from. */
final class ServerKeywords {
    static final List<Keyword> KEYWORDS = List.of(
            new Keyword("server", EnumSet.of(BACKEND, LISTEN), ServerKeywords::server),
            new Keyword("default-server", EnumSet.of(DEFAULTS, BACKEND, LISTEN), ServerKeywords::defaultServer));

    private ServerKeywords() {
    }

    /** {@code server <name> <host>:<port> [options]}: its options start from the section's default-server. */
    private static void server(ParseState st, List<String> words) throws LineError {
        ProxySection proxy = st.proxy();
        if (words.size() < 3) {
            throw new LineError("'server' expects a name and an address <host>:<port>");
        }
        String name = words.get(1);
        String ctx = "'server " + name + "': ";
        if (!Args.NAME.matcher(name).matches()) {
            throw new LineError(ctx + "invalid server name");
        }
        for (Server other : proxy.servers) {
            if (other.name().equals(name)) {
                throw new LineError(ctx + "duplicate server name in " + proxy.kind.keyword() + " '" + proxy.name
                        + "' (first declared at line " + other.line() + ")");
            }
        }
        String addr = words.get(2);
        int colon = addr.lastIndexOf(':');
        String host = colon > 0 ? addr.substring(0, colon) : "";
        String portText = colon > 0 ? addr.substring(colon + 1) : "";
        if (host.startsWith("[") != host.endsWith("]") || host.equals("[]")) {
            throw new LineError(ctx + "invalid address '" + addr + "' (IPv6 addresses go in brackets: [::1]:8080)");
        }
        if (host.isEmpty() || portText.isEmpty() || !portText.chars().allMatch(Character::isDigit)) {
            throw new LineError(ctx + "invalid address '" + addr + "' (expected <host>:<port>)");
        }
        int port;
        try {
            port = Integer.parseInt(portText);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new LineError(ctx + "invalid port '" + portText + "' in '" + addr + "' (1 to 65535)");
        }
        ServerOptions o = proxy.settings.serverDefaults.copy();
        try {
            o.apply(words, 3);
        } catch (LineError e) {
            throw new LineError(ctx + e.getMessage());
        }
        proxy.servers.add(o.toServer(name, host, port, proxy.name, st.line()));
    }

    private static void defaultServer(ParseState st, List<String> words) throws LineError {
        if (words.contains("track")) {
            // As in HAProxy: which server to follow is a property of one server, never of all that follow.
            throw new LineError("'default-server' does not take 'track': put it on each 'server' line");
        }
        st.settings().serverDefaults.apply(words, 1);
    }
}
