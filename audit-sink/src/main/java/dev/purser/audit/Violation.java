package dev.purser.audit;

/** What is wrong with the audit log, where: tenant and seq when known, and the place in the source. */
public record Violation(String where, String tenant, long seq, String problem) {
    @Override
    public String toString() {
        String at = tenant == null ? where : where + " (tenant " + tenant + (seq > 0 ? ", seq " + seq : "") + ")";
        return at + ": " + problem;
    }
}
