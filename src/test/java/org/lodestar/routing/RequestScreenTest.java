package org.lodestar.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

class RequestScreenTest {

    @ParameterizedTest
    @ValueSource(strings = {"/spark/../lodestar/stats.csv", "/x/../spark/ok", "/spark/./x", "/spark/..",
            "/spark/%2e%2e/lodestar/", "/spark/%2E%2e/x", "/static/..%2f..%2fetc", "/static/..%2F..%2Fetc",
            "/static/..%5c..%5cetc", "/static/..\\..\\etc", "/static/%252e%252e/x", "/static/%25252e%25252e/x",
            "/spark/;/../lodestar/", "/spark/..;/lodestar/", "/spark/..;jsessionid=1/x", "/static/.%2e/x",
            "/static/%2e/x"})
    void dotSegmentsRawOrEncodedAreRefused(String path) {
        assertTrue(RequestScreen.pathProblem(path).isPresent(), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"/spark/", "/spark/jobs", "/spark/a%20b/caf%C3%A9/x%2Fy", "/static/spark-ui.css",
            "/spark/a..b/...", "/spark/.hidden", "/spark/x%2e", "/spark/%", "/spark/%zz", "/"})
    void ordinaryPathsPass(String path) {
        assertEquals(Optional.empty(), RequestScreen.pathProblem(path), path);
    }

    @ParameterizedTest
    @ValueSource(strings = {"0\r\n\r\nGET", "GET /x", "", "G\u00c9T", "GET\n"})
    void methodThatIsNotATokenIsRefused(String method) {
        assertEquals(Optional.of("invalid method"), RequestScreen.methodProblem(method));
    }

    @ParameterizedTest
    @ValueSource(strings = {"GET", "POST", "PROPFIND", "M-SEARCH"})
    void tokenMethodsPass(String method) {
        assertEquals(Optional.empty(), RequestScreen.methodProblem(method));
    }

    @Test
    void nulByteIsRefused() {
        assertEquals(Optional.of("NUL byte in the path"), RequestScreen.pathProblem("/spark/a%00.css"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"bad host/x", "a b", "evil.example/x", "host:port", "host:123456", "", "[::1"})
    void malformedHostIsRefused(String host) {
        assertEquals(Optional.of("invalid Host header"), RequestScreen.hostProblem(List.of(host)));
    }

    @ParameterizedTest
    @ValueSource(strings = {"127.0.0.1:8080", "mgmt-host", "mgmt-host.example.com:80", "[::1]:8080", "xn--caf-dma.example"})
    void wellFormedHostPasses(String host) {
        assertEquals(Optional.empty(), RequestScreen.hostProblem(List.of(host)));
    }

    @Test
    void twoHostHeadersAreRefused() {
        assertEquals(Optional.of("more than one Host header"), RequestScreen.hostProblem(List.of("a", "b")));
    }

    @Test
    void contentLengthWithChunkedTransferEncodingIsReadAsChunkedAsHaproxyDoes() {
        assertEquals(Optional.empty(), RequestScreen.framingProblem(List.of("4"), List.of("chunked")));
        assertEquals(Optional.empty(), RequestScreen.framingProblem(List.of("4", "5"), List.of("chunked")));
        assertEquals(Optional.of("unsupported Transfer-Encoding"),
                RequestScreen.framingProblem(List.of("4"), List.of("gzip")));
    }

    @Test
    void conflictingContentLengthsAreRefusedButRepeatsOfOneValuePass() {
        assertEquals(Optional.of("conflicting Content-Length values"),
                RequestScreen.framingProblem(List.of("4", "5"), List.of()));
        assertEquals(Optional.of("conflicting Content-Length values"),
                RequestScreen.framingProblem(List.of("4, 5"), List.of()));
        assertEquals(Optional.empty(), RequestScreen.framingProblem(List.of("4", "4"), List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"chunked, identity", "xchunked", "gzip, chunked", "identity", "chunked, chunked"})
    void transferCodingsOtherThanOneChunkedAreRefused(String coding) {
        assertEquals(Optional.of("unsupported Transfer-Encoding"),
                RequestScreen.framingProblem(List.of(), List.of(coding)));
    }

    @Test
    void chunkedAloneAndPlainLengthPass() {
        assertEquals(Optional.empty(), RequestScreen.framingProblem(List.of(), List.of("Chunked")));
        assertEquals(Optional.empty(), RequestScreen.framingProblem(List.of("12"), List.of()));
        assertEquals(Optional.empty(), RequestScreen.refusal("GET", "/spark/", "/spark/", List.of("h:1"), List.of(), List.of()));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://evil.example/spark/", "HTTP://127.0.0.1:8080/lodestar/", "https://h/"})
    void absoluteFormTargetsAreRefused(String target) {
        assertEquals(Optional.of("absolute-form request target (this is not a forward proxy)"),
                RequestScreen.refusal("GET", target, "/spark/", List.of("h:1"), List.of(), List.of()));
    }

    @Test
    void authorityFormAndConnectAreRefused() {
        assertEquals(Optional.of("request target is not a path"), RequestScreen.targetProblem("GET", "evil.example:443"));
        assertEquals(Optional.of("CONNECT (this is not a forward proxy)"),
                RequestScreen.targetProblem("CONNECT", "evil.example:443"));
        assertEquals(Optional.of("request target is not a path"), RequestScreen.targetProblem("GET", "*"));
    }

    @Test
    void originFormAndAsteriskForOptionsPass() {
        assertEquals(Optional.empty(), RequestScreen.targetProblem("GET", "/spark/?q=http://x/"));
        assertEquals(Optional.empty(), RequestScreen.targetProblem("OPTIONS", "*"));
    }
}
