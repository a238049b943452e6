package dev.purser.schemas;

/** What a budget does with the part of a commit above its hold (PROTOCOL.md §3 commit). Wire form: lower case. */
public enum OveragePolicy {
    REJECT, ALLOW_IF_AVAILABLE, ALLOW_WITH_OVERDRAFT
}
