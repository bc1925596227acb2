package org.lodestar.it;

import com.sun.tools.attach.VirtualMachine;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import javax.management.remote.JMXConnector;
import javax.management.remote.JMXConnectorFactory;
import javax.management.remote.JMXServiceURL;

/**
 * The live heap of the Payara Micro that Arquillian started for this test class: the server is a child
 * process of the test JVM, reached through the JDK's attach API and its local JMX agent. "Live" is the
 * heap in use right after a full collection, so garbage not yet collected does not count.
 */
final class ServerHeap implements AutoCloseable {
    private final JMXConnector connector;
    private final MemoryMXBean memory;

    private ServerHeap(JMXConnector connector, MemoryMXBean memory) {
        this.connector = connector;
        this.memory = memory;
    }

    static ServerHeap ofManagedServer() throws Exception {
        VirtualMachine server = VirtualMachine.attach(String.valueOf(ManagedServer.process().pid()));
        try {
            JMXConnector connector = JMXConnectorFactory.connect(new JMXServiceURL(server.startLocalManagementAgent()));
            return new ServerHeap(connector, ManagementFactory.newPlatformMXBeanProxy(
                    connector.getMBeanServerConnection(), ManagementFactory.MEMORY_MXBEAN_NAME, MemoryMXBean.class));
        } finally {
            server.detach();
        }
    }

    long liveBytes() {
        memory.gc();
        return memory.getHeapMemoryUsage().getUsed();
    }

    @Override
    public void close() throws IOException {
        connector.close();
    }
}
