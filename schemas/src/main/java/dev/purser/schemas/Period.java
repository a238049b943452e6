package dev.purser.schemas;

/** A budget's window length (see Windows for window ids). Wire form: lower case. */
public enum Period {
    NONE, DAY, WEEK, MONTH
}
