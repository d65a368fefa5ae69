package io.gearmancdi.example.it;

/** Redeploying the example EAR in Payara Server while a report runs. */
class PayaraRedeployTest extends RedeployScenarios {
}
