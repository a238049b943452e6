package dev.purser.schemas;

/** The outcome of a reserve. Wire form: as named. */
public enum Decision {
    ALLOW, ALLOW_WITH_CAPS, DENY
}
