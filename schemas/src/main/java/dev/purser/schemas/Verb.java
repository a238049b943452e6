package dev.purser.schemas;

/** The command verbs; the wire name ({@code "type"} of a command) is the lower-case name. */
public enum Verb {
    DEFINE_BUDGET, RESERVE, COMMIT, RELEASE, REFUND, EXTEND, TICK, KEY_ACTIVATED, FREEZE, UNFREEZE, DECIDER_ACTIVATED
}
