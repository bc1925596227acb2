package org.lodestar.config;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The options of a {@code server} line, starting from {@code default-server} (itself starting from HAProxy's
 * defaults: inter 2s, fastinter and downinter = inter, rise 2, fall 3, weight 1, no limits).
 */
final class ServerOptions {
    boolean check;
    Duration inter = Server.DEFAULT_INTER;
    Duration fastinter;
    Duration downinter;
    int rise = Server.DEFAULT_RISE;
    int fall = Server.DEFAULT_FALL;
    int weight = Server.DEFAULT_WEIGHT;
    boolean backup;
    boolean disabled;
    int maxconn;
    int maxqueue;
    /** {@code track [<backend>/]<server>} as written; the backend is resolved in {@link #toServer}. */
    String track;

    /** Every option {@link #apply} accepts, for its error message and the manual's consistency test. */
    static final List<String> NAMES = List.of("check", "no-check", "inter", "fastinter", "downinter", "rise", "fall",
            "weight", "backup", "no-backup", "disabled", "enabled", "maxconn", "maxqueue", "track");

    ServerOptions copy() {
        ServerOptions o = new ServerOptions();
        o.check = check;
        o.inter = inter;
        o.fastinter = fastinter;
        o.downinter = downinter;
        o.rise = rise;
        o.fall = fall;
        o.weight = weight;
        o.backup = backup;
        o.disabled = disabled;
        o.maxconn = maxconn;
        o.maxqueue = maxqueue;
        o.track = track;
        return o;
    }

    /** Applies {@code words[from..]}, e.g. {@code check inter 10s rise 2}. */
    void apply(List<String> words, int from) throws LineError {
        for (int i = from; i < words.size(); i++) {
            String opt = words.get(i);
            switch (opt) {
                case "check" -> check = true;
                case "no-check" -> check = false;
                case "backup" -> backup = true;
                case "no-backup" -> backup = false;
                case "disabled" -> disabled = true;
                case "enabled" -> disabled = false;
                case "inter", "fastinter", "downinter" -> {
                    Duration d = TimeParser.parse(value(words, i++, "a time value"));
                    if (d.isZero()) {
                        throw new LineError("server option '" + opt + "' must be greater than 0");
                    }
                    switch (opt) {
                        case "inter" -> inter = d;
                        case "fastinter" -> fastinter = d;
                        default -> downinter = d;
                    }
                }
                case "rise" -> rise = Args.integer("server option 'rise'", value(words, i++, "an integer"), 1, 1_000_000);
                case "fall" -> fall = Args.integer("server option 'fall'", value(words, i++, "an integer"), 1, 1_000_000);
                case "weight" -> weight = Args.integer("server option 'weight'", value(words, i++, "an integer"), 0, Server.MAX_WEIGHT);
                case "maxconn" -> maxconn = Args.integer("server option 'maxconn'", value(words, i++, "an integer"), 0, Integer.MAX_VALUE);
                case "maxqueue" -> maxqueue = Args.integer("server option 'maxqueue'", value(words, i++, "an integer"), 0, Integer.MAX_VALUE);
                case "track" -> {
                    String target = value(words, i++, "a server to track: [<backend>/]<server>");
                    int slash = target.indexOf('/');
                    if (target.isEmpty() || slash == 0 || slash == target.length() - 1 || target.indexOf('/', slash + 1) >= 0) {
                        throw new LineError("server option 'track' expects [<backend>/]<server>, not '" + target + "'");
                    }
                    track = target;
                }
                default -> throw new LineError("server option '" + opt + "' is not supported (supported: "
                        + String.join(", ", NAMES) + ")");
            }
        }
    }

    private static String value(List<String> words, int i, String what) throws LineError {
        if (i + 1 >= words.size()) {
            throw new LineError("server option '" + words.get(i) + "' expects " + what);
        }
        return words.get(i + 1);
    }

    /** @param backend the section the server line is in: the backend a {@code track} without one names */
    Server toServer(String name, String host, int port, String backend, int line) {
        Optional<Server.Tracked> tracked = Optional.ofNullable(track).map(t -> t.indexOf('/') < 0
                ? new Server.Tracked(backend, t)
                : new Server.Tracked(t.substring(0, t.indexOf('/')), t.substring(t.indexOf('/') + 1)));
        return new Server(name, host, port, check, inter, fastinter != null ? fastinter : inter,
                downinter != null ? downinter : inter, rise, fall, weight, backup, disabled, maxconn, maxqueue,
                tracked, line);
    }
}
