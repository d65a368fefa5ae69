package io.gearmancdi.example.it;

/** The example EAR's scenarios in WildFly. */
class WildFlyExampleTest extends ExampleEarScenarios {
}
