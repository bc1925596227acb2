package org.lodestar.it.deploy;

/** lodestar.war, unchanged, on WildFly 39, set up from server-config/wildfly. */
class WildFlyDeployIT extends DeploymentSmoke {
    @Override
    AppServer server() {
        return new WildFlyServer();
    }
}
