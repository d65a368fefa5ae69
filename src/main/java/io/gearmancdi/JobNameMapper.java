package io.gearmancdi;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Turns a logical job name ({@link GearmanJob}) into the function name used on the Gearman server. Client and worker
 * use the same mapper, so both sides agree; distinct prefixes keep applications that share a job server apart.
 *
 * <p>The default is {@link #workingDirectory()}: {@code <crc32 of the working directory>.<name>}. Replace it with a
 * fixed prefix or unchanged names through the configuration key {@code gearman.job-name.prefix}, or by declaring a
 * CDI bean of this type (which wins over the configuration).
 *
 * <p>Implementations must be thread-safe and return the same result for the same name: the injected client remembers
 * the names it mapped.
 */
@FunctionalInterface
public interface JobNameMapper {
    /**
     * @param logicalName the logical job name
     * @return the Gearman function name
     */
    String toInternal(String logicalName);

    /** @return a mapper that leaves names unchanged ({@code gearman.job-name.prefix=none}) */
    static JobNameMapper unchanged() {
        return name -> name;
    }

    /**
     * @param prefix a non-blank prefix
     * @return a mapper giving {@code <prefix>.<name>}
     */
    static JobNameMapper prefix(String prefix) {
        Objects.requireNonNull(prefix, "prefix");
        if (prefix.isBlank()) {
            throw new IllegalArgumentException("job name prefix must not be blank");
        }
        String p = prefix + ".";
        return name -> p + name;
    }

    /**
     * The default: {@code <crc32>.<name>}, where {@code crc32} is the CRC32 of the absolute working directory path in
     * UTF-8, as an unsigned decimal (the same value as Python's {@code zlib.crc32(os.getcwd().encode())}).
     *
     * @return the default mapper for this process's working directory
     */
    static JobNameMapper workingDirectory() {
        return prefix(crc32Prefix(Path.of("").toAbsolutePath().toString()));
    }

    /**
     * @param directory an absolute directory path
     * @return the unsigned decimal CRC32 of its UTF-8 bytes
     */
    static String crc32Prefix(String directory) {
        CRC32 crc = new CRC32();
        crc.update(directory.getBytes(StandardCharsets.UTF_8));
        return Long.toString(crc.getValue());
    }
}
