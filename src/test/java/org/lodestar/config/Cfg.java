package org.lodestar.config;

import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;

/** Test helpers: parse inline configurations named {@code t.cfg} with a fixed environment. */
final class Cfg {
    static final Map<String, String> ENV = Map.of("PORT", "8081", "HOST", "10.0.0.7", "SPACED", "a b");

    private Cfg() {
    }

    static Config parse(String text) throws ConfigException {
        return ConfigParser.parse("t.cfg", text, ENV::get);
    }

    /** The error lines ({@code t.cfg:LINE: message}) a configuration that must fail produces. */
    static List<String> errors(String text) {
        ConfigException e = assertThrows(ConfigException.class, () -> parse(text));
        return e.errors().stream().map(Diagnostic::toString).toList();
    }

    static List<String> warnings(String text) throws ConfigException {
        return parse(text).warnings().stream().map(Diagnostic::toString).toList();
    }

    /** A minimal valid configuration around backend lines (backend "B" starts at line 5). */
    static String backend(String... lines) {
        return "defaults\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\nbackend B\n"
                + String.join("\n", lines) + "\n";
    }

    /** A frontend "F" (line 5) with the given lines, then backends B1 and B2 with one server each. */
    static String frontend(String... lines) {
        return "defaults\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\nfrontend F\n"
                + String.join("\n", lines) + "\nbackend B1\n  server s 127.0.0.1:1\nbackend B2\n  server s 127.0.0.1:2\n";
    }
}
