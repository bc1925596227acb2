package org.lodestar.it.deploy;

/** lodestar-tomcat.war on Tomcat 10.1, set up from server-config/tomcat. */
class TomcatDeployIT extends DeploymentSmoke {
    @Override
    AppServer server() {
        return new TomcatServer();
    }
}
