package org.lodestar.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class LocationRewriterTest {
    private final LocationRewriter underSpark =
            new LocationRewriter("http://10.0.0.5:8080", "http://mgmt:8080", "/spark");

    @Test
    void absoluteToTheServerPointsBackAtTheProxyUnderThePrefix() {
        assertEquals("http://mgmt:8080/spark/app/?appId=1", underSpark.rewrite("http://10.0.0.5:8080/app/?appId=1"));
    }

    @Test
    void serverOriginWithoutPathBecomesThePrefixRoot() {
        assertEquals("http://mgmt:8080/spark/", underSpark.rewrite("http://10.0.0.5:8080"));
    }

    @Test
    void absoluteToTheProxyHostGetsThePrefix() {
        assertEquals("http://mgmt:8080/spark/app/", underSpark.rewrite("http://mgmt:8080/app/"));
    }

    @Test
    void hostMatchIsCaseInsensitive() {
        assertEquals("http://mgmt:8080/spark/x", underSpark.rewrite("HTTP://MGMT:8080/x"));
    }

    @Test
    void rootRelativeGetsThePrefix() {
        assertEquals("/spark/app/", underSpark.rewrite("/app/"));
    }

    @Test
    void alreadyUnderThePrefixIsLeftAlone() {
        assertEquals("/spark/app/", underSpark.rewrite("/spark/app/"));
        assertEquals("http://mgmt:8080/spark/", underSpark.rewrite("http://mgmt:8080/spark/"));
    }

    @Test
    void pathRelativeAndForeignUrlsAreLeftAlone() {
        assertEquals("app/?appId=1", underSpark.rewrite("app/?appId=1"));
        assertEquals("http://worker:8081/", underSpark.rewrite("http://worker:8081/"));
        assertEquals("//cdn.example/x", underSpark.rewrite("//cdn.example/x"));
    }

    @Test
    void similarLookingHostIsNotTheServer() {
        assertEquals("http://10.0.0.5:80800/x", underSpark.rewrite("http://10.0.0.5:80800/x"));
    }

    @Test
    void withoutPrefixOnlyTheOriginChanges() {
        LocationRewriter plain = new LocationRewriter("http://10.0.0.5:8080", "http://mgmt", "");
        assertEquals("http://mgmt/static/", plain.rewrite("http://10.0.0.5:8080/static/"));
        assertEquals("/static/", plain.rewrite("/static/"));
    }
}
