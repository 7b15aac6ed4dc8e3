package io.baton.connector.salesforce.miaw;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.connector.calls.PlatformCalls;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens a conversation's SSE stream with a backfill: once the stream is connected (from the last event id on Kafka,
 * {@code Last-Event-Id}), the conversation's entries since the newest relayed one are read from
 * {@code conversation/{id}/entries}; the stream's events wait behind the backfill, which hands on first, oldest first,
 * the entries the stream missed (see {@link #backfill} for the order). So an agent message sent while the stream was
 * down arrives even when the service does not replay it; an entry that comes both ways is recognised by its
 * identifier ({@link MiawEntries#seed}) and relayed once. A failed backfill is logged and tried again at the next
 * opening.
 */
final class MiawStreams {
  private static final Logger log = LoggerFactory.getLogger(MiawStreams.class);
  /** How far before the newest relayed entry a backfill reads (clocks, entries of the same millisecond). */
  static final long OVERLAP_MS = 60_000;
  /** How long a stream opened from the start may take to replay its first event before the backfill goes on. */
  static final Duration FIRST_EVENT_WAIT = Duration.ofSeconds(2);

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
    // A stream opened from the start replays the routing result first (the service numbers a conversation's events
    // from 1); the backfill waits for it a moment, so an agent who accepted while this stream connected is not
    // announced ahead of it (a routing result has no entry time to order it by).
    CompletableFuture<Void> firstEvent = c.lastEventId == 0 ? new CompletableFuture<>()
        : CompletableFuture.completedFuture(null);
    firstEvent.completeOnTimeout(null, FIRST_EVENT_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    Consumer<MiawClient.Sse> gate = event -> {
      firstEvent.complete(null);
      synchronized (lock) {
        if (live[0]) {
          onEvent.accept(event);
        } else {
          waiting.add(event);
        }
      }
    };
    // The connection behind the stream, hung up when the stream is cancelled (stopped, or cut after a failed write):
    // the HTTP client's own future closes it when cancelled, the rate limiter's future in front of it does not, and
    // its events kept coming beside the stream opened next (MiawStreamHangUpTest).
    List<CompletableFuture<Void>> connection = new ArrayList<>(1);
    boolean[] cancelled = {false};
    CompletableFuture<Void> stream = calls.once(c.orgId, () -> {
      CompletableFuture<Void> events = client.events(c, c.lastEventId, () -> connected.complete(null), gate);
      synchronized (connection) {
        connection.add(events);
        if (cancelled[0]) {
          events.cancel(true);
        }
      }
      return events;
    });
    stream.whenComplete((x, e) -> {
      connected.cancel(false);
      if (stream.isCancelled()) {
        synchronized (connection) {
          cancelled[0] = true;
          connection.forEach(events -> events.cancel(true));
        }
      }
    });
    connected.thenCompose(x -> firstEvent).thenCompose(x -> calls.call(c.orgId, "MIAW entries",
        () -> client.entries(c, Math.max(0, c.entriesSince - OVERLAP_MS)))).whenComplete((entries, error) -> {
          synchronized (lock) {
            List<MiawClient.Sse> after = new ArrayList<>();
            if (error == null) {
              after = backfill(c, entries, waiting, onEvent);
            } else if (!connected.isCancelled()) {
              log.warn("{}: could not read the entries to backfill ({})", c, error.toString());
            }
            waiting.forEach(onEvent);
            waiting.clear();
            after.forEach(onEvent);
            live[0] = true;
          }
        });
    return stream;
  }

  /**
   * Hands on the backfilled entries the stream missed, older than anything it holds, and gives back those to hand on
   * after what it holds. An entry the stream holds too goes at its place in the stream; one newer than the stream's
   * oldest held entry (or any, when the stream holds no entry: a routing result alone) was made while the stream was
   * connecting and goes after the held events (the stream brings it too, and it is relayed once): an agent who
   * accepted at once is not announced before the queue position the stream held.
   */
  private static List<MiawClient.Sse> backfill(MiawConversation c, List<JsonNode> entries,
      List<MiawClient.Sse> held, Consumer<MiawClient.Sse> onEvent) {
    Set<String> heldEntries = new HashSet<>();
    long oldestHeld = Long.MAX_VALUE;
    for (MiawClient.Sse event : held) {
      String id = MiawEntries.entryId(event);
      if (id != null) {
        heldEntries.add(id);
        oldestHeld = Math.min(oldestHeld, MiawEntries.entryAt(event));
      }
    }
    if (heldEntries.isEmpty()) {
      oldestHeld = Long.MIN_VALUE;
    }
    List<MiawClient.Sse> after = new ArrayList<>();
    for (JsonNode entry : entries) {
      MiawClient.Sse event = MiawEntries.fromEntry(c.miawId, entry);
      if (event == null || heldEntries.contains(MiawEntries.entryId(event))) {
        continue;
      }
      if (MiawEntries.entryAt(event) < oldestHeld) {
        onEvent.accept(event);
      } else {
        after.add(event);
      }
    }
    return after;
  }
}
