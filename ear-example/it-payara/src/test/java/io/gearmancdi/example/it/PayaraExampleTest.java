package io.gearmancdi.example.it;

import java.util.regex.Pattern;

/** The example EAR's scenarios in Payara Server. */
class PayaraExampleTest extends ExampleEarScenarios {
    @Override
    protected Pattern managedExecutorThread() {
        return Pattern.compile("concurrent/__defaultManagedExecutorService.*");
    }
}
