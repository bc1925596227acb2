package org.lodestar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The {@code track} server option: whose health a server takes, and HAProxy's rules for it. */
class TrackTest {
    private static final String HEAD = "defaults\n  timeout connect 1s\n  timeout client 1s\n  timeout server 1s\n";

    @Test
    void trackNamesAServerOfTheSameBackendOrOfAnother() throws ConfigException {
        Config config = Cfg.parse(HEAD + """
                backend UI
                  server spark1 127.0.0.1:8080 check
                backend REST
                  server rest1 127.0.0.1:6066 track UI/spark1
                  server rest2 127.0.0.1:6067 track rest1
                """);
        List<Server> rest = config.backend("REST").orElseThrow().servers();
        assertEquals(Optional.of(new Server.Tracked("UI", "spark1")), rest.get(0).track());
        assertEquals(Optional.of(new Server.Tracked("REST", "rest1")), rest.get(1).track(), "the backend defaults to its own");
        assertEquals(Optional.empty(), config.backend("UI").orElseThrow().servers().get(0).track());
    }

    @Test
    void trackedServerMustExistAndBeChecked() {
        assertEquals(List.of(
                "t.cfg:9: 'server a' (track UI/nope): backend 'UI' has no server 'nope' (servers: spark1, plain)",
                "t.cfg:10: 'server b' (track NOPE/spark1): no backend named 'NOPE'",
                "t.cfg:11: 'server c' (track UI/plain): server UI/plain has no 'check': a tracked server must be"
                        + " health-checked (or track one that is)"),
                Cfg.errors(HEAD + """
                        backend UI
                          server spark1 127.0.0.1:8080 check
                          server plain 127.0.0.1:8081
                        backend REST
                          server a 127.0.0.1:1 track UI/nope
                          server b 127.0.0.1:2 track NOPE/spark1
                          server c 127.0.0.1:3 track UI/plain
                        """));
    }

    @Test
    void trackingServerHasNoChecksOfItsOwnAndLoopsAreRefused() {
        List<String> errors = Cfg.errors(Cfg.backend(
                "  server a 127.0.0.1:1 check track b",
                "  server b 127.0.0.1:2 track c",
                "  server c 127.0.0.1:3 track b"));
        assertEquals(List.of(
                "t.cfg:6: 'server a' (track B/b): a tracking server takes the health of the server it tracks and has no"
                        + " checks of its own: remove 'check' (or add 'no-check' if 'default-server' sets it)",
                "t.cfg:7: 'server b' (track B/c): the servers track each other in a loop (B/b -> B/c -> B/b): one of"
                        + " them must have checks",
                "t.cfg:8: 'server c' (track B/b): the servers track each other in a loop (B/c -> B/b -> B/c): one of"
                        + " them must have checks"), errors);
    }

    @Test
    void malformedTrackAndTrackOnDefaultServerAreRefused() {
        assertEquals(List.of(
                "t.cfg:6: 'server a': server option 'track' expects [<backend>/]<server>, not 'B/'",
                "t.cfg:7: 'server b': server option 'track' expects a server to track: [<backend>/]<server>",
                "t.cfg:8: 'default-server' does not take 'track': put it on each 'server' line"),
                Cfg.errors(Cfg.backend(
                        "  server a 127.0.0.1:1 track B/",
                        "  server b 127.0.0.1:2 track",
                        "  default-server track B/a")));
    }
}
