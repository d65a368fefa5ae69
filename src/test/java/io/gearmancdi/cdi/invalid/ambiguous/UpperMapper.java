package io.gearmancdi.cdi.invalid.ambiguous;

import io.gearmancdi.JobNameMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;

/** One of two name mappers. */
@ApplicationScoped
public class UpperMapper implements JobNameMapper {
    @Override
    public String toInternal(String logicalName) {
        return logicalName.toUpperCase(Locale.ROOT);
    }
}
