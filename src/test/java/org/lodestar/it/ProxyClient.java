package org.lodestar.it;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/**
 * A client of the deployed Lodestar, always on loopback: Payara Micro advertises the machine's first
 * non-loopback address in the URL Arquillian hands out, so only its port and context path are used.
 */
public final class ProxyClient {
    private final URL base;
    private final Duration timeout;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    public ProxyClient(URL base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
    }

    public int port() {
        return base.getPort();
    }

    /** The deployment's context path without the trailing slash, e.g. {@code /edge}. */
    public String contextPath() {
        String path = base.getPath();
        return path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }

    /** {@code path} (starting with /) under the context path. */
    public URI url(String path) {
        return URI.create("http://127.0.0.1:" + base.getPort() + contextPath() + path);
    }

    public HttpClient http() {
        return http;
    }

    public HttpResponse<String> get(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(url(path)).timeout(timeout).build(), HttpResponse.BodyHandlers.ofString());
    }
}
