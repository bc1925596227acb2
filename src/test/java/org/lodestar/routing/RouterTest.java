package org.lodestar.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.lodestar.routing.RoutingFixtures.acl;
import static org.lodestar.routing.RoutingFixtures.allOf;
import static org.lodestar.routing.RoutingFixtures.header;
import static org.lodestar.routing.RoutingFixtures.is;
import static org.lodestar.routing.RoutingFixtures.path;
import static org.lodestar.routing.RoutingFixtures.useBackend;
import static org.lodestar.testing.Fixtures.backend;
import static org.lodestar.testing.Fixtures.config;
import static org.lodestar.testing.Fixtures.frontend;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.lodestar.config.Acl;
import org.lodestar.config.Acl.Match;
import org.lodestar.config.Backend;
import org.lodestar.config.Condition;
import org.lodestar.config.Frontend;
import org.lodestar.config.RequestRewrite;
import org.lodestar.config.RequestRewrite.ReplacePath;
import org.lodestar.config.RequestRewrite.ReplaceUri;
import org.lodestar.config.RequestRewrite.ReqRep;
import org.lodestar.config.RequestRewrite.SetPath;

class RouterTest {
    private static final Acl API = acl("api", path(Match.BEG, "/api"));
    private static final Acl ADMIN = acl("admin", path(Match.BEG, "/api/admin"));
    private static final Acl EXAMPLE_HOST = acl("example", header("host", Match.DOM, "example.com"));

    private static Route.ToBackend routed(Router router, RequestView request) {
        return assertInstanceOf(Route.ToBackend.class, router.route(request));
    }

    @Nested
    class BackendChoice {
        @Test
        void firstRuleWhoseConditionHoldsWins() {
            Router router = new Router(config(List.of(frontend("web").defaultBackend("app")
                            .rules(useBackend("admin", allOf(is(ADMIN))), useBackend("api", allOf(is(API)))).build()),
                    backend("app").build(), backend("api").build(), backend("admin").build()));

            assertEquals("admin", routed(router, TestRequest.get("/api/admin/x")).backend().name());
            assertEquals("api", routed(router, TestRequest.get("/api/x")).backend().name());
        }

        @Test
        void defaultBackendWhenNoRuleHolds() {
            Router router = new Router(config(List.of(frontend("web").defaultBackend("app")
                    .rules(useBackend("api", allOf(is(API)))).build()),
                    backend("app").build(), backend("api").build()));

            Route.ToBackend route = routed(router, TestRequest.get("/index.html"));
            assertEquals("app", route.backend().name());
            assertEquals("web", route.frontend().name());
        }

        @Test
        void frontendsAreOfferedTheRequestInFileOrder() {
            Frontend hostOnly = frontend("by-host").rules(useBackend("site", allOf(is(EXAMPLE_HOST)))).build();
            Frontend apiOnly = frontend("by-path").rules(useBackend("api", allOf(is(API)))).build();
            Frontend fallback = frontend("fallback").defaultBackend("app").build();
            Router router = new Router(config(List.of(hostOnly, apiOnly, fallback),
                    backend("site").build(), backend("api").build(), backend("app").build()));

            Route.ToBackend both = routed(router, TestRequest.get("/api/x").withHeader("host", "example.com"));
            assertEquals("by-host", both.frontend().name());
            assertEquals("site", both.backend().name());
            assertEquals("api", routed(router, TestRequest.get("/api/x")).backend().name());
            assertEquals("fallback", routed(router, TestRequest.get("/other")).frontend().name());
        }

        @Test
        void noFrontendYieldingABackendMeansNoRoute() {
            Frontend apiOnly = frontend("by-path").rules(useBackend("api", allOf(is(API)))).build();
            Router router = new Router(config(List.of(apiOnly), backend("api").build()));

            Route.NoBackend route = assertInstanceOf(Route.NoBackend.class, router.route(TestRequest.get("/x")));
            assertEquals(Optional.of(apiOnly), route.lastFrontendTried());
        }

        @Test
        void noFrontendAtAll() {
            Router router = new Router(config(List.of()));
            assertEquals(new Route.NoBackend(Optional.empty()), router.route(TestRequest.get("/")));
        }

        @Test
        void unknownBackendIsRejectedUpFront() {
            var error = assertThrows(IllegalArgumentException.class, () -> new Router(config(
                    List.of(frontend("web").defaultBackend("missing").build()), backend("app").build())));
            assertTrue(error.getMessage().contains("missing"), error.getMessage());
        }
    }

    @Nested
    class Rewrites {
        private Route routeThrough(String path, String query, RequestRewrite... rewrites) {
            Router router = new Router(config(List.of(frontend("web").defaultBackend("app").build()),
                    backend("app").rewrites(rewrites).build()));
            return router.route(TestRequest.get(path).withQuery(query));
        }

        private Route.ToBackend rewritten(String path, String query, RequestRewrite... rewrites) {
            return assertInstanceOf(Route.ToBackend.class, routeThrough(path, query, rewrites));
        }

        @Test
        void nothingToRewriteLeavesTheRequestAlone() {
            Route.ToBackend route = rewritten("/a/b", "x=1");
            assertEquals("GET", route.method());
            assertEquals("/a/b", route.path());
            assertEquals("x=1", route.query());
            assertEquals("", route.removedPrefix());
            assertEquals("/a/b?x=1", route.pathAndQuery());
        }

        @Test
        void replacePathKeepsTheQuery() {
            Route.ToBackend route = rewritten("/app/x", "q=1",
                    new ReplacePath(Pattern.compile("^/app(/.*)"), "$1", Optional.empty(), 1));
            assertEquals("/x", route.path());
            assertEquals("q=1", route.query());
            assertEquals("/app", route.removedPrefix());
        }

        @Test
        void regexReplacementReplacesTheWholeValueLikeHaproxy() {
            // Unanchored and not covering the whole path: HAProxy keeps only the expanded replacement.
            Route.ToBackend route = rewritten("/x/foo/bar", null,
                    new ReplacePath(Pattern.compile("/foo/(.*)"), "/$1", Optional.empty(), 1));
            assertEquals("/bar", route.path());
        }

        @Test
        void replacePathWithoutMatchChangesNothing() {
            Route.ToBackend route = rewritten("/other", null,
                    new ReplacePath(Pattern.compile("^/app(/.*)"), "$1", Optional.empty(), 1));
            assertEquals("/other", route.path());
        }

        @Test
        void replaceUriSeesAndMayChangeTheQuery() {
            Route.ToBackend route = rewritten("/search", "q=1",
                    new ReplaceUri(Pattern.compile("^/search\\?(.*)"), "/find?v=2&$1", Optional.empty(), 1));
            assertEquals("/find", route.path());
            assertEquals("v=2&q=1", route.query());
        }

        @Test
        void replaceUriMayDropTheQuery() {
            Route.ToBackend route = rewritten("/search", "q=1",
                    new ReplaceUri(Pattern.compile("^([^?]*)\\?.*"), "$1", Optional.empty(), 1));
            assertEquals("/search", route.path());
            assertNull(route.query());
        }

        @Test
        void setPathKeepsTheQuery() {
            Route.ToBackend route = rewritten("/spark", "a=b", new SetPath("/", Optional.empty(), 1));
            assertEquals("/", route.path());
            assertEquals("a=b", route.query());
            assertEquals("", route.removedPrefix(), "'/' is not a suffix of '/spark'");
        }

        @Test
        void rewriteAppliesOnlyWhenItsConditionHolds() {
            Condition onApi = allOf(is(API));
            SetPath toHealth = new SetPath("/health", Optional.of(onApi), 1);
            assertEquals("/health", rewritten("/api/x", null, toHealth).path());
            assertEquals("/web", rewritten("/web", null, toHealth).path());
        }

        @Test
        void laterConditionsSeeTheRewrittenPath() {
            ReplacePath intoApi = new ReplacePath(Pattern.compile("^/v1(/.*)"), "/api$1", Optional.empty(), 1);
            SetPath onApi = new SetPath("/seen-as-api", Optional.of(allOf(is(API))), 2);
            assertEquals("/seen-as-api", rewritten("/v1/x", null, intoApi, onApi).path());
        }

        @Test
        void rewritesApplyInOrder() {
            SetPath first = new SetPath("/one", Optional.empty(), 1);
            ReplacePath second = new ReplacePath(Pattern.compile("^/one$"), "/two", Optional.empty(), 2);
            assertEquals("/two", rewritten("/x", null, first, second).path());
        }

        @Test
        void pathNotStartingWithSlashIsABadRewrite() {
            Route route = routeThrough("/app/x", null,
                    new ReplacePath(Pattern.compile("^/app/(.*)"), "$1", Optional.empty(), 7));
            Route.BadRewrite bad = assertInstanceOf(Route.BadRewrite.class, route);
            assertEquals("app", bad.backend().name());
            assertTrue(bad.reason().contains("line 7"), bad.reason());
        }

        @Test
        void replacementNamingAMissingGroupIsABadRewrite() {
            Route route = routeThrough("/app/x", null,
                    new ReplacePath(Pattern.compile("^/app(.*)"), "$2", Optional.empty(), 3));
            assertInstanceOf(Route.BadRewrite.class, route);
        }
    }

    @Nested
    class LegacyReqrep {
        /** The reference configuration's {@code reqrep ^([^\ :]*)\ /spark/(.*)  \1\ /\2}, as parsed. */
        private final ReqRep stripSpark = new ReqRep(Pattern.compile("^([^ :]*) /spark\\/(.*)"), "$1 /$2", false, 42);
        private final Router router = new Router(config(List.of(frontend("web").defaultBackend("spark").build()),
                backend("spark").rewrites(stripSpark).build()));

        @ParameterizedTest(name = "{0} ? {1} -> {2} ? {3}, removed {4}")
        @CsvSource(value = {
                "/spark/x,                 q=1,  /x,                 q=1,  /spark",
                "/spark/,                  NULL, /,                  NULL, /spark",
                "/static/x,                NULL, /static/x,          NULL, ''",
                "/sparkle/x,               NULL, /sparkle/x,         NULL, ''",
                "/spark/a%2Fb%20c/%C3%A9,  a=%20, /a%2Fb%20c/%C3%A9,  a=%20, /spark",
        }, nullValues = "NULL")
        void stripsTheSparkPrefix(String path, String query, String expectedPath, String expectedQuery,
                                  String removedPrefix) {
            Route.ToBackend route = routed(router, TestRequest.get(path).withQuery(query));
            assertEquals("GET", route.method());
            assertEquals(expectedPath, route.path());
            assertEquals(expectedQuery, route.query());
            assertEquals(removedPrefix, route.removedPrefix());
        }

        @Test
        void mayChangeTheMethod() {
            ReqRep toPost = new ReqRep(Pattern.compile("^GET (.*)"), "POST $1", false, 1);
            Router posting = new Router(config(List.of(frontend("web").defaultBackend("b").build()),
                    backend("b").rewrites(toPost).build()));
            Route.ToBackend route = routed(posting, TestRequest.get("/form?a=1"));
            assertEquals("POST", route.method());
            assertEquals("/form", route.path());
            assertEquals("a=1", route.query());
        }

        @Test
        void brokenRequestLineIsABadRewrite() {
            ReqRep dropTarget = new ReqRep(Pattern.compile("^([^ ]*) /[^ ]* (.*)"), "$1 $2", false, 9);
            Router broken = new Router(config(List.of(frontend("web").defaultBackend("b").build()),
                    backend("b").rewrites(dropTarget).build()));
            Route.BadRewrite bad = assertInstanceOf(Route.BadRewrite.class, broken.route(TestRequest.get("/x")));
            assertTrue(bad.reason().contains("line 9"), bad.reason());
        }
    }
}
