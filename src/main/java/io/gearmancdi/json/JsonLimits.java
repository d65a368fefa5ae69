package io.gearmancdi.json;

/**
 * Bounds on the JSON a {@link PayloadCodec} reads (request payloads on the worker, results on the client): anything
 * larger or deeper fails with a {@link io.gearmancdi.GearmanPayloadException} before JSON-B sees it. Immutable; built
 * with {@link #builder()}. Configured by {@code gearman.json.max-size} and {@code gearman.json.max-depth}.
 */
public final class JsonLimits {
    /** Default largest payload or result read, in bytes of UTF-8: 16 MiB. */
    public static final int DEFAULT_MAX_SIZE = 16 * 1024 * 1024;
    /**
     * Default deepest nesting of arrays and objects inside one argument or result: 64. JSON-B implementations
     * convert recursively, and some overflow a worker thread's stack a few hundred levels down.
     */
    public static final int DEFAULT_MAX_DEPTH = 64;

    /**
     * Hard ceiling of {@link Builder#maxDepth}. Whether a depth fits depends on the thread's stack (Yasson overflows a
     * 256 KiB stack at about 128 levels); a conversion that overflows still fails only its job.
     */
    public static final int MAX_DEPTH_CEILING = 512;

    private static final JsonLimits DEFAULTS = builder().build();

    private final int maxSize;
    private final int maxDepth;

    private JsonLimits(Builder b) {
        this.maxSize = b.maxSize;
        this.maxDepth = b.maxDepth;
    }

    /** @return the default limits */
    public static JsonLimits defaults() {
        return DEFAULTS;
    }

    /** @return a builder starting from the defaults */
    public static Builder builder() {
        return new Builder();
    }

    /** @return a builder starting from these limits */
    public Builder mutate() {
        return new Builder().maxSize(maxSize).maxDepth(maxDepth);
    }

    /** @return the largest payload or result read, in bytes */
    public int maxSize() {
        return maxSize;
    }

    /** @return the deepest nesting of arrays and objects inside one argument or result */
    public int maxDepth() {
        return maxDepth;
    }

    @Override
    public String toString() {
        return "JsonLimits[maxSize=" + maxSize + ", maxDepth=" + maxDepth + "]";
    }

    /** Builds {@link JsonLimits}. */
    public static final class Builder {
        private int maxSize = DEFAULT_MAX_SIZE;
        private int maxDepth = DEFAULT_MAX_DEPTH;

        private Builder() {
        }

        /**
         * @param bytes largest payload or result read, at least 1
         * @return this builder
         */
        public Builder maxSize(int bytes) {
            if (bytes < 1) {
                throw new IllegalArgumentException("gearman.json.max-size must be at least 1 byte: " + bytes);
            }
            this.maxSize = bytes;
            return this;
        }

        /**
         * @param levels deepest nesting of arrays and objects in one value, 1 to {@link #MAX_DEPTH_CEILING}
         * @return this builder
         */
        public Builder maxDepth(int levels) {
            if (levels < 1 || levels > MAX_DEPTH_CEILING) {
                throw new IllegalArgumentException("gearman.json.max-depth must be between 1 and " + MAX_DEPTH_CEILING
                        + ": " + levels);
            }
            this.maxDepth = levels;
            return this;
        }

        /** @return the limits */
        public JsonLimits build() {
            return new JsonLimits(this);
        }
    }
}
