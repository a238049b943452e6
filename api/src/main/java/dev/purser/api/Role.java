package dev.purser.api;

/** What a credential may do: agents reserve, settle and read; admins also define budgets. */
public enum Role {
    AGENT, ADMIN
}
