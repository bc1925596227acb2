package org.lodestar.proxy;

import java.net.URI;
import java.time.Clock;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.lodestar.config.ConfigParser;
import org.lodestar.container.ProxyRuntime;

/**
 * The real proxy servlet in a servlet container in the test JVM (Jetty), on loopback, with a runtime built
 * from a configuration text: the forwarding path tested in-process, without Payara. Servers without
 * {@code check} are UP from the start (nothing schedules checks here).
 */
final class ProxyUnderTest implements AutoCloseable {
    private final Server jetty;
    private final ProxyRuntime runtime;

    /** @param threads the container's request threads */
    ProxyUnderTest(String config, int threads) throws Exception {
        org.eclipse.jetty.util.thread.QueuedThreadPool pool = new org.eclipse.jetty.util.thread.QueuedThreadPool(threads, 2);
        pool.setReservedThreads(0);
        jetty = new Server(pool);
        runtime = new ProxyRuntime(ConfigParser.parse("test.cfg", config), Clock.systemUTC());
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder proxy = new ServletHolder(new LodestarProxyServlet(() -> runtime));
        proxy.setAsyncSupported(true);
        context.addServlet(proxy, "/*");
        jetty.setHandler(context);
        jetty.start();
    }

    ProxyRuntime runtime() {
        return runtime;
    }

    int port() {
        return ((ServerConnector) jetty.getConnectors()[0]).getLocalPort();
    }

    URI url(String path) {
        return URI.create("http://127.0.0.1:" + port() + path);
    }

    @Override
    public void close() throws Exception {
        jetty.stop();
    }
}
