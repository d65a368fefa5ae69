package io.gearmancdi.example.it;

/** Redeploying the example EAR in WildFly while a report runs. */
class WildFlyRedeployTest extends RedeployScenarios {
}
