package org.lodestar.config;

import java.util.List;
import java.util.regex.Pattern;

/** Checks of keyword arguments shared by the keyword families; each failure is a {@link LineError} saying why. */
final class Args {
    /** What section, server, userlist, user and group names may contain. */
    static final Pattern NAME = Pattern.compile("[A-Za-z0-9_.:-]+");

    private Args() {
    }

    /** {@code words} (the keyword first) must hold exactly {@code n} arguments, written as {@code syntax}. */
    static void expect(List<String> words, int n, String syntax) throws LineError {
        if (words.size() - 1 != n) {
            throw new LineError("'" + words.get(0) + "' expects " + syntax
                    + (words.size() - 1 > n ? " (unexpected '" + words.get(n + 1) + "')" : ""));
        }
    }

    static void none(String kw, List<String> args) throws LineError {
        if (!args.isEmpty()) {
            throw new LineError("'" + kw + "' takes no argument");
        }
    }

    static void one(String kw, List<String> args, String syntax) throws LineError {
        if (args.size() != 1) {
            throw new LineError("'" + kw + "' expects " + syntax);
        }
    }

    /** @param what how the message names the value, e.g. {@code "'retries'"} */
    static int integer(String what, String value, int min, int max) throws LineError {
        try {
            int v = Integer.parseInt(value);
            if (v >= min && v <= max) {
                return v;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw new LineError(what + " expects an integer " + (max == Integer.MAX_VALUE ? ">= " + min
                : "between " + min + " and " + max) + ", got '" + value + "'");
    }

    /** The name of a section started by {@code kw}. */
    static void name(String kw, String name) throws LineError {
        if (!NAME.matcher(name).matches()) {
            throw new LineError("invalid " + kw + " name '" + name + "' (letters, digits, '-', '_', '.' and ':' only)");
        }
    }
}
