package io.gearmancdi.cdi.invalid.ambiguous;

import io.gearmancdi.JobNameMapper;
import jakarta.enterprise.context.ApplicationScoped;

import java.util.Locale;

/** The other of two name mappers. */
@ApplicationScoped
public class LowerMapper implements JobNameMapper {
    @Override
    public String toInternal(String logicalName) {
        return logicalName.toLowerCase(Locale.ROOT);
    }
}
