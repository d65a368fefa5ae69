package io.gearmancdi.cdi.invalid.badtypes;

import io.gearmancdi.GearmanJob;
import jakarta.enterprise.context.ApplicationScoped;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

@ApplicationScoped
public class BadTypeJobs {
    @GearmanJob
    public int stream(InputStream in) {
        return 0;
    }

    @GearmanJob
    public int wildcard(List<?> items) {
        return items.size();
    }

    @GearmanJob
    @SuppressWarnings("rawtypes")
    public int raw(List items) {
        return items.size();
    }

    @GearmanJob
    public <T> T variable(T value) {
        return value;
    }

    @GearmanJob
    @SuppressWarnings("rawtypes")
    public int rawMap(Map values) {
        return values.size();
    }
}
