package dev.purser.api;

/** Who is asking: the tenant comes only from the credential, never from a request body. */
public record Principal(String tenant, Role role) {
}
