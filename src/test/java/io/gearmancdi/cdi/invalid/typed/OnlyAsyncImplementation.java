package io.gearmancdi.cdi.invalid.typed;

import jakarta.enterprise.context.ApplicationScoped;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

@ApplicationScoped
public class OnlyAsyncImplementation implements OnlyAsync {
    @Override
    public CompletionStage<String> run(String x) {
        return CompletableFuture.completedFuture(x);
    }
}
