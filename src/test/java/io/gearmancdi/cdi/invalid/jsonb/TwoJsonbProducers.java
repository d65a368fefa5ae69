package io.gearmancdi.cdi.invalid.jsonb;

import io.gearmancdi.GearmanJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;

/** Two {@code @GearmanJson Jsonb} beans: the library cannot tell which one to use. */
@ApplicationScoped
public class TwoJsonbProducers {
    @Produces
    @GearmanJson
    Jsonb first() {
        return JsonbBuilder.create();
    }

    @Produces
    @GearmanJson
    Jsonb second() {
        return JsonbBuilder.create();
    }
}
