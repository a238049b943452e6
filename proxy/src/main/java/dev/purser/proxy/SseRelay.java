package dev.purser.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Relays a server-sent-events stream byte for byte, one whole event at a time (flushed at each blank
 * line), while the {@link UsageCollector} reads each event's {@code data}. When the caller goes away the
 * relay stops writing and keeps reading to the end, so the usage is still known.
 */
final class SseRelay {
    enum End { UPSTREAM_DONE, CALLER_GONE }

    private final InputStream upstream;
    private final OutputStream caller;
    private final UsageCollector usage;
    private final Runnable progress;
    private boolean callerGone;

    SseRelay(InputStream upstream, OutputStream caller, UsageCollector usage, Runnable progress) {
        this.upstream = upstream;
        this.caller = caller;
        this.usage = usage;
        this.progress = progress;
    }

    /** Runs to the upstream's end; an upstream failure is thrown (IOException). */
    End run() throws IOException {
        ByteArrayOutputStream event = new ByteArrayOutputStream();
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        StringBuilder data = new StringBuilder();
        int b;
        while ((b = upstream.read()) != -1) {
            line.write(b);
            if (b != '\n') {
                continue;
            }
            progress.run();
            String text = line.toString(StandardCharsets.UTF_8);
            event.write(line.toByteArray());
            line.reset();
            String bare = text.endsWith("\r\n") ? text.substring(0, text.length() - 2) : text.substring(0, text.length() - 1);
            if (bare.startsWith("data:")) {
                if (data.length() > 0) {
                    data.append('\n');
                }
                data.append(bare.substring(bare.startsWith("data: ") ? 6 : 5));
            } else if (bare.isEmpty()) {
                boolean pass = data.length() == 0 || "[DONE]".equals(data.toString()) || usage.event(Json.parseOrNull(data.toString()));
                if (pass) {
                    write(event.toByteArray());
                }
                event.reset();
                data.setLength(0);
            }
        }
        if (line.size() > 0 || event.size() > 0) {
            event.write(line.toByteArray());
            write(event.toByteArray());
        }
        return callerGone ? End.CALLER_GONE : End.UPSTREAM_DONE;
    }

    private void write(byte[] bytes) {
        if (callerGone) {
            return;
        }
        try {
            caller.write(bytes);
            caller.flush();
        } catch (IOException gone) {
            callerGone = true;
        }
    }
}
