package io.gearmancdi.cdi.jsonb;

import io.gearmancdi.GearmanJson;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;

/** The application's {@code @GearmanJson Jsonb}: snake_case member names and {@link MoneyAdapter}. */
@ApplicationScoped
public class GearmanJsonbProducer {
    @Produces
    @ApplicationScoped
    @GearmanJson
    Jsonb gearmanJsonb() {
        return JsonbBuilder.create(new JsonbConfig()
                .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
                .withAdapters(new MoneyAdapter()));
    }

    void close(@Disposes @GearmanJson Jsonb jsonb) throws Exception {
        jsonb.close();
    }
}
