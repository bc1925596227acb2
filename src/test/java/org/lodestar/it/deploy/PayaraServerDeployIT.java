package org.lodestar.it.deploy;

/** lodestar.war, unchanged, on Payara Server 6, set up from server-config/payara-server. */
class PayaraServerDeployIT extends DeploymentSmoke {
    @Override
    AppServer server() {
        return new PayaraServer();
    }
}
