package io.gearmancdi.cdi;

import io.gearmancdi.GearmanJson;
import io.gearmancdi.json.JsonLimits;
import io.gearmancdi.json.PayloadCodec;
import jakarta.enterprise.context.Dependent;
import jakarta.enterprise.inject.Instance;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.json.bind.Jsonb;

/**
 * The payload codec of the client or of the workers: over the application's {@code @GearmanJson Jsonb} if it declares
 * one, else over the library's own. Ambiguity is a deployment problem ({@link GearmanExtension}), so here the bean is
 * either resolvable or absent.
 */
final class ApplicationJsonb {
    private ApplicationJsonb() {
    }

    /**
     * @return a codec; closing it releases a {@code @Dependent} application {@code Jsonb} (a normal-scoped one is left
     *         to its context, which the application owns)
     */
    static PayloadCodec codec(BeanManager beanManager, JsonLimits limits) {
        Instance<Jsonb> own = beanManager.createInstance().select(Jsonb.class, GearmanJson.Literal.INSTANCE);
        if (!own.isResolvable()) {
            return new PayloadCodec(limits);
        }
        Instance.Handle<Jsonb> handle = own.getHandle();
        Runnable release = handle.getBean().getScope() == Dependent.class ? handle::destroy : () -> { };
        return new PayloadCodec(handle.get(), limits, release);
    }
}
