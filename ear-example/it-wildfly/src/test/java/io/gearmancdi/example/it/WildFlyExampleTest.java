package io.gearmancdi.example.it;

import java.util.regex.Pattern;

/** The example EAR's scenarios in WildFly. */
class WildFlyExampleTest extends ExampleEarScenarios {
    @Override
    protected Pattern managedExecutorThread() {
        return Pattern.compile("EE-ManagedExecutorService-default-Thread-\\d+");
    }
}
