package io.gearmancdi.example.it;

/** The example EAR's scenarios in Payara Server. */
class PayaraExampleTest extends ExampleEarScenarios {
}
