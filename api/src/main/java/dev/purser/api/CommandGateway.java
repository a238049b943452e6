package dev.purser.api;

import dev.purser.schemas.reply.LedgerReply;
import java.util.concurrent.CompletableFuture;

/** Sends one command for a tenant and completes with the ledger's reply (or exceptionally on timeout). */
public interface CommandGateway {
    CompletableFuture<LedgerReply> send(String tenant, byte[] command);

    /** True when the gateway can send and receive (producer connected, reply partition assigned). */
    boolean ready();

    int pending();
}
