package io.baton.connector.salesforce.miaw;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a conversation's SSE stream with a backfill: once the stream is connected (from the last event id on Kafka,
 * {@code Last-Event-Id}), the conversation's entries since the newest relayed one are read from
 * {@code conversation/{id}/entries} and handed on first, oldest first; the stream's events wait behind them. So an
 * agent message sent while the stream was down arrives even when the service does not replay it; an entry that comes
 * both ways is recognised by its identifier ({@link MiawEntries#seed}) and relayed once. A failed backfill is logged
 * and tried again at the next opening.
 */
final class MiawStreams {
  private static final Logger log = LoggerFactory.getLogger(MiawStreams.class);
  /** How far before the newest relayed entry a backfill reads (clocks, entries of the same millisecond). */
  static final long OVERLAP_MS = 60_000;

  private final MiawClient client;
  private final PlatformCalls calls;

  MiawStreams(MiawClient client, PlatformCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  CompletableFuture<Void> open(MiawConversation c, Consumer<MiawClient.Sse> onEvent) {
    Object lock = new Object();
    List<MiawClient.Sse> waiting = new ArrayList<>();
    boolean[] live = {false};
    CompletableFuture<Void> connected = new CompletableFuture<>();
    Consumer<MiawClient.Sse> gate = event -> {
      synchronized (lock) {
        if (live[0]) {
          onEvent.accept(event);
        } else {
          waiting.add(event);
        }
      }
    };
    CompletableFuture<Void> stream =
        calls.once(c.orgId, () -> client.events(c, c.lastEventId, () -> connected.complete(null), gate));
    stream.whenComplete((x, e) -> connected.cancel(false));
    connected.thenCompose(x -> calls.call(c.orgId, "MIAW entries",
        () -> client.entries(c, Math.max(0, c.entriesSince - OVERLAP_MS)))).whenComplete((entries, error) -> {
          synchronized (lock) {
            if (error == null) {
              for (JsonNode entry : entries) {
                MiawClient.Sse event = MiawEntries.fromEntry(c.miawId, entry);
                if (event != null) {
                  onEvent.accept(event);
                }
              }
            } else if (!connected.isCancelled()) {
              log.warn("{}: could not read the entries to backfill ({})", c, error.toString());
            }
            waiting.forEach(onEvent);
            waiting.clear();
            live[0] = true;
          }
        });
    return stream;
  }
}
