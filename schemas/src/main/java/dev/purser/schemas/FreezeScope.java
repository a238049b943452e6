package dev.purser.schemas;

/** What a freeze or unfreeze covers: a budget and everything under it, or the whole tenant. Wire form: lower case. */
public enum FreezeScope {
    BUDGET, TENANT
}
