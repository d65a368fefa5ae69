package io.gearmancdi;

/** Priority of a submitted job. gearmand hands out higher-priority jobs first. */
public enum Priority {
    /** Run before normal and low jobs. */
    HIGH,
    /** The default. */
    NORMAL,
    /** Run after high and normal jobs. */
    LOW
}
