package org.lodestar.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lodestar.routing.RoutingFixtures.acl;
import static org.lodestar.routing.RoutingFixtures.allOf;
import static org.lodestar.routing.RoutingFixtures.anyOf;
import static org.lodestar.routing.RoutingFixtures.criterion;
import static org.lodestar.routing.RoutingFixtures.header;
import static org.lodestar.routing.RoutingFixtures.ignoringCase;
import static org.lodestar.routing.RoutingFixtures.is;
import static org.lodestar.routing.RoutingFixtures.not;
import static org.lodestar.routing.RoutingFixtures.path;
import static org.lodestar.routing.RoutingFixtures.unless;

import java.util.List;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lodestar.config.Acl;
import org.lodestar.config.Acl.Criterion;
import org.lodestar.config.Acl.Fetch;
import org.lodestar.config.Acl.Match;
import org.lodestar.config.Condition;

class ConditionEvaluatorTest {

    private static boolean pathMatches(Criterion criterion, String path) {
        return ConditionEvaluator.holds(allOf(is(acl("a", criterion))), TestRequest.get(path));
    }

    private static boolean hostMatches(Criterion criterion, String... hostHeaders) {
        return ConditionEvaluator.holds(allOf(is(acl("a", criterion))),
                TestRequest.get("/").withHeader("host", hostHeaders));
    }

    @Nested
    class MatchMethods {
        @ParameterizedTest(name = "{0} {1} on {2} -> {3}")
        @CsvSource({
                "EXACT, /a,     /a,       true",
                "EXACT, /a,     /a/,      false",
                "EXACT, /a,     /A,       false",
                "BEG,   /api,   /api/v1,  true",
                "BEG,   /api,   /ap,      false",
                "BEG,   /api,   /x/api,   false",
                "END,   .css,   /s/a.css, true",
                "END,   .css,   /a.cssx,  false",
                "END,   /long/pattern, /x, false",
                "SUB,   mid,    /amidst,  true",
                "SUB,   mid,    /mi/d,    false",
                "REG,   ^/v[0-9]+/, /v12/x, true",
                "REG,   [0-9]{3}, /ab123cd, true",
                "REG,   ^/v[0-9]+/, /x/v1/, false",
        })
        void onPath(Match match, String pattern, String path, boolean expected) {
            assertEquals(expected, pathMatches(path(match, pattern), path));
        }

        @ParameterizedTest(name = "-i {0} {1} on {2}")
        @CsvSource({
                "EXACT, /Admin, /aDMIN",
                "BEG,   /API,   /api/v1",
                "END,   .CSS,   /a.css",
                "SUB,   MID,    /amidst",
                "REG,   ^/ADMIN, /admin/x",
                "DIR,   IMG,    /a/img/b",
                "DOM,   EXAMPLE.com, www.example.COM",
        })
        void ignoreCase(Match match, String pattern, String value) {
            Criterion caseSensitive = match == Match.DOM ? header("host", match, pattern) : path(match, pattern);
            Criterion insensitive = ignoringCase(caseSensitive);
            if (match == Match.DOM) {
                assertFalse(hostMatches(caseSensitive, value));
                assertTrue(hostMatches(insensitive, value));
            } else {
                assertFalse(pathMatches(caseSensitive, value));
                assertTrue(pathMatches(insensitive, value));
            }
        }

        @Test
        void anyOfSeveralPatternsMatches() {
            Criterion criterion = path(Match.BEG, "/a", "/b", "/c");
            assertTrue(pathMatches(criterion, "/b/x"));
            assertTrue(pathMatches(criterion, "/c"));
            assertFalse(pathMatches(criterion, "/d"));
        }
    }

    @Nested
    class Directories {
        @ParameterizedTest(name = "path_dir {0} on {1} -> {2}")
        @CsvSource({
                "/img,   /img,        true",
                "/img,   /img/x,      true",
                "/img,   /a/img,      true",
                "/img,   /a/img/b,    true",
                "img,    /a/img/b,    true",
                "img/,   /a/img/b,    true",
                "/img,   /images,     false",
                "/img,   /a/ximg/b,   false",
                "/img,   /,           false",
                "/a/b,   /x/a/b/c,    true",
                "/a/b,   /a/bc,       false",
                "/a/b,   /a/x/b,      false",
                "/,      /a,          false",
        })
        void partsBetweenSlashes(String pattern, String path, boolean expected) {
            assertEquals(expected, pathMatches(path(Match.DIR, pattern), path));
        }
    }

    @Nested
    class Domains {
        @ParameterizedTest(name = "hdr_dom(host) {0} on {1} -> {2}")
        @CsvSource({
                "example.com, example.com,          true",
                "example.com, www.example.com,      true",
                "example.com, example.com:8080,     true",
                "example.com, www.example.com:443,  true",
                "www,         www.example.com,      true",
                "com,         www.example.com,      true",
                "ample.com,   www.example.com,      false",
                "example.co,  www.example.com,      false",
                "example.com, example.community,    false",
                "8080,        example.com:8080,     true",
        })
        void partsBetweenDots(String pattern, String host, boolean expected) {
            assertEquals(expected, hostMatches(header("host", Match.DOM, pattern), host));
        }
    }

    @Nested
    class Headers {
        @Test
        void missingHeaderNeverMatches() {
            Acl anyHost = acl("h", header("host", Match.SUB, ""));
            assertFalse(ConditionEvaluator.holds(allOf(is(anyHost)), TestRequest.get("/")));
            assertTrue(ConditionEvaluator.holds(allOf(is(anyHost)), TestRequest.get("/").withHeader("host", "x")));
        }

        @Test
        void everyOccurrenceIsTried() {
            assertTrue(hostMatches(header("host", Match.EXACT, "b.org"), "a.org", "b.org"));
        }

        @Test
        void commaSeparatedValuesAreSeparateOccurrences() {
            Criterion html = header("accept", Match.EXACT, "text/html");
            TestRequest request = TestRequest.get("/").withHeader("accept", "application/json, text/html;q=0.9",
                    "text/html");
            assertTrue(ConditionEvaluator.holds(allOf(is(acl("a", html))), request));
            assertTrue(ConditionEvaluator.holds(allOf(is(acl("a", header("accept", Match.EXACT, "application/json")))),
                    request));
        }

        @Test
        void commasInsideQuotesDoNotSeparate() {
            Criterion quoted = header("x-list", Match.EXACT, "\"a,b\"");
            assertTrue(ConditionEvaluator.holds(allOf(is(acl("a", quoted))),
                    TestRequest.get("/").withHeader("x-list", "\"a,b\", c")));
        }
    }

    @Nested
    class PredefinedAcls {
        private final Acl localhost = acl("LOCALHOST", criterion(Fetch.SRC_LOOPBACK, null, Match.NONE, false));
        private final Acl always = acl("TRUE", criterion(Fetch.ALWAYS, null, Match.NONE, false));

        @Test
        void localhostIsTheLoopbackClient() {
            assertTrue(ConditionEvaluator.holds(allOf(is(localhost)), TestRequest.get("/").fromLoopback(true)));
            assertFalse(ConditionEvaluator.holds(allOf(is(localhost)), TestRequest.get("/")));
        }

        @Test
        void trueAlwaysAndFalseNever() {
            assertTrue(ConditionEvaluator.holds(allOf(is(always)), TestRequest.get("/")));
            assertFalse(ConditionEvaluator.holds(allOf(not(always)), TestRequest.get("/")));
        }
    }

    @Nested
    class Logic {
        private final Acl api = acl("api", path(Match.BEG, "/api"));
        private final Acl json = acl("json", path(Match.END, ".json"));

        private boolean holds(Condition condition, String path) {
            return ConditionEvaluator.holds(condition, TestRequest.get(path));
        }

        @Test
        void negation() {
            assertTrue(holds(allOf(not(api)), "/web"));
            assertFalse(holds(allOf(not(api)), "/api/x"));
        }

        @Test
        void adjacentTermsMustAllHold() {
            assertTrue(holds(allOf(is(api), is(json)), "/api/x.json"));
            assertFalse(holds(allOf(is(api), is(json)), "/api/x.xml"));
            assertFalse(holds(allOf(is(api), is(json)), "/web/x.json"));
        }

        @Test
        void orNeedsOneAlternative() {
            assertTrue(holds(anyOf(is(api), is(json)), "/web/x.json"));
            assertTrue(holds(anyOf(is(api), is(json)), "/api/x"));
            assertFalse(holds(anyOf(is(api), is(json)), "/web/x"));
        }

        @Test
        void andBindsTighterThanOr() {
            // if api !json or json  ==  (api AND !json) OR json
            Condition condition = new Condition(false, List.of(List.of(is(api), not(json)), List.of(is(json))));
            assertTrue(holds(condition, "/api/x"));
            assertTrue(holds(condition, "/web/x.json"));
            assertFalse(holds(condition, "/web/x"));
        }

        @Test
        void unlessInverts() {
            assertFalse(holds(unless(is(api)), "/api/x"));
            assertTrue(holds(unless(is(api)), "/web"));
            assertTrue(holds(unless(is(api), is(json)), "/api/x"));
            assertFalse(holds(unless(is(api), is(json)), "/api/x.json"));
        }

        @Test
        void aclDeclaredTwiceMatchesEitherDeclaration() {
            Acl staticContent = acl("static", path(Match.BEG, "/static"), path(Match.END, ".png"));
            assertTrue(holds(allOf(is(staticContent)), "/static/app.js"));
            assertTrue(holds(allOf(is(staticContent)), "/img/logo.png"));
            assertFalse(holds(allOf(is(staticContent)), "/app.js"));
        }
    }
}
