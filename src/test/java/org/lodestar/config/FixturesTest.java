package org.lodestar.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.lodestar.testing.Fixtures.backend;
import static org.lodestar.testing.Fixtures.frontend;
import static org.lodestar.testing.Fixtures.server;
import static org.lodestar.testing.Fixtures.timeoutCheck;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The test fixtures' defaults are the parser's: a fixture is what a user's lines would give. */
class FixturesTest {
    @Test
    void aBareServerAndBackendAreWhatTheParserMakesOfTheSameLines() throws ConfigException {
        Config parsed = ConfigParser.parse("t.cfg", """
                frontend fe
                  default_backend be
                backend be
                  server a 127.0.0.1:8000
                """);
        assertEquals(frontend("fe").line(1).defaultBackend("be").build(), parsed.frontends().get(0));
        assertEquals(backend("be").line(3).servers(server("a").line(4)).build(), parsed.backends().get("be"));
    }

    @Test
    void serverOptionsAreTheParsersToo() throws ConfigException {
        Config parsed = ConfigParser.parse("t.cfg", """
                backend be
                  balance leastconn
                  server s1 10.0.0.1:7077 check inter 2s fastinter 500ms downinter 10s rise 1 fall 4 weight 3
                  server s2 127.0.0.1:8000 backup maxconn 5 maxqueue 6
                  server off 127.0.0.1:8000 disabled
                """);
        assertEquals(backend("be").line(1).balance(Backend.Balance.LEASTCONN)
                        .servers(server("s1").address("10.0.0.1", 7077).check().inter(Duration.ofSeconds(2))
                                        .fastinter(Duration.ofMillis(500)).downinter(Duration.ofSeconds(10)).rise(1)
                                        .fall(4).weight(3).line(3),
                                server("s2").backup().maxconn(5).maxqueue(6).line(4),
                                server("off").disabled().line(5))
                        .build(),
                parsed.backends().get("be"));
    }

    @Test
    void timeoutCheckIsTheParsers() throws ConfigException {
        Config parsed = ConfigParser.parse("t.cfg", """
                backend be
                  timeout check 700ms
                """);
        assertEquals(timeoutCheck(Duration.ofMillis(700)), parsed.backends().get("be").timeouts());
    }
}
