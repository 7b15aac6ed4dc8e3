package io.baton.connector.webhooks;

import io.baton.events.ConnectorCommand;
import io.baton.events.Platform;
import io.baton.events.PlatformActivity;
import io.baton.events.PlatformRef;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicSpec;
import io.baton.topics.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a platform's verified webhook events go, whichever instance received them: each event is resolved to its
 * conversation ({@link PlatformRefs}) and written as a {@link PlatformActivity} to the conversation's commands
 * partition, so the instance that owns the conversation handles it in the conversation's lane, after the commands
 * before it. The platform gets its 2xx only once every event of its request is on Kafka.
 */
public final class WebhookInbox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(WebhookInbox.class);

  private final Platform platform;
  private final PlatformRefs refs;
  private final TopicSpec<String, ConnectorCommand> commands;
  private final KafkaProducer<String, ConnectorCommand> producer;
  private final Duration unfiledPatience;
  private final int unfiledWaitsAtMost;
  /** Events waiting now for their ref to be filed. */
  private final AtomicInteger unfiledWaiting = new AtomicInteger();

  /**
   * How long an event about an unknown ref waits for it to be filed: the owner files it once the platform's create
   * call has returned and its write is on Kafka, well under a second unless the broker is slow. It stays under the
   * shortest time a platform waits for the webhook's answer (5 s: Freshchat, Kustomer).
   */
  public static final Duration UNFILED_PATIENCE = Duration.ofSeconds(3);
  /**
   * How many events may wait for their refs at once: an account whose own inbox traffic (chats that are not Baton's)
   * floods the webhook is answered at once past it, as before the wait existed, instead of tying up the server's
   * threads (32) for 3 s each.
   */
  public static final int UNFILED_WAITS_AT_MOST = 16;

  public WebhookInbox(KafkaSettings kafka, Platform platform, PlatformRefs refs, String clientId) {
    this(kafka, platform, refs, clientId, UNFILED_PATIENCE, UNFILED_WAITS_AT_MOST);
  }

  WebhookInbox(KafkaSettings kafka, Platform platform, PlatformRefs refs, String clientId, Duration unfiledPatience,
      int unfiledWaitsAtMost) {
    this.unfiledPatience = unfiledPatience;
    this.unfiledWaitsAtMost = unfiledWaitsAtMost;
    this.platform = platform;
    this.refs = refs;
    this.commands = Topics.connectorCommands(platform);
    // Not transactional: an open transaction would hold back the router's commands behind it for their readers.
    this.producer = new KafkaProducer<>(kafka.producerProperties(clientId), commands.keySerde().serializer(),
        commands.valueSerde().serializer());
  }

  /**
   * The endpoint of {@code source}: its signature is checked with the secrets of the connection the path names
   * ({@code secretsOf} gives null while that connection is not known yet: 503, the platform retries). Events about a
   * reference no conversation is filed under (a visitor writing in the platform's own inbox, no handover yet) go to
   * {@code unrouted} (null: dropped), whose stage completes once they are durable; the platform's 2xx waits for it.
   */
  public WebhookEndpoint endpoint(WebhookSource source, Function<String, Map<String, String>> secretsOf,
      Function<WebhookEvent, CompletionStage<Void>> unrouted) {
    SignatureCheck check = request -> {
      Map<String, String> secrets = secretsOf.apply(request.path());
      if (secrets == null) {
        throw new WebhookServer.NotReady("connection '" + request.path() + "' is not active here yet");
      }
      return source.verify(request, secrets);
    };
    return new WebhookEndpoint(source.name(), check, source::events, events -> handOver(events, unrouted));
  }

  /**
   * Completes once every event about a known conversation is on Kafka; fails while refs are still being read. The
   * events are sent in the delivery's order; one about a ref nobody filed yet waits up to {@link #UNFILED_PATIENCE}
   * for it (its chat may have been opened a moment ago) before it counts as not Baton's, unless
   * {@link #UNFILED_WAITS_AT_MOST} events wait already.
   */
  CompletionStage<Void> handOver(List<WebhookEvent> events, Function<WebhookEvent, CompletionStage<Void>> unrouted) {
    List<CompletableFuture<Void>> sent = new ArrayList<>();
    CompletableFuture<Void> previous = CompletableFuture.completedFuture(null);
    for (WebhookEvent e : events) {
      if (e.ref() == null) {
        continue;
      }
      PlatformRef known = refs.find(e.ref()).orElse(null);
      if (known == null && !refs.caughtUp()) {
        return CompletableFuture.failedFuture(new WebhookServer.NotReady("conversations are still being read"));
      }
      CompletableFuture<Optional<PlatformRef>> found = known != null || unrouted != null
          ? CompletableFuture.completedFuture(Optional.ofNullable(known))
          : awaitFiled(e.ref());
      // started only once the event before it was: a wait for one ref must not let the next event overtake it
      CompletableFuture<CompletableFuture<Void>> started = previous.thenCombine(found, (before, ref) -> {
        if (ref.isPresent()) {
          return send(e, ref.get());
        }
        if (unrouted != null) {
          return unrouted.apply(e).toCompletableFuture();
        }
        log.debug("{} event {} is about {}, not a Baton conversation; dropped", platform, e.eventId(), e.ref());
        return CompletableFuture.<Void>completedFuture(null);
      });
      previous = started.thenApply(s -> null);
      sent.add(started.thenCompose(s -> s));
    }
    return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
  }

  /** The ref's conversation once filed (empty after the patience), unless too many events wait already: empty. */
  private CompletableFuture<Optional<PlatformRef>> awaitFiled(String ref) {
    if (unfiledWaiting.incrementAndGet() > unfiledWaitsAtMost) {
      unfiledWaiting.decrementAndGet();
      return CompletableFuture.completedFuture(Optional.empty());
    }
    CompletableFuture<Optional<PlatformRef>> filed = refs.filed(ref, unfiledPatience);
    filed.whenComplete((x, e) -> unfiledWaiting.decrementAndGet());
    return filed;
  }

  private CompletableFuture<Void> send(WebhookEvent e, PlatformRef ref) {
    Instant now = Instant.now();
    ConnectorCommand command = ConnectorCommand.newBuilder()
        .setEventId(UUID.nameUUIDFromBytes((platform + "#" + e.eventId()).getBytes(StandardCharsets.UTF_8)).toString())
        .setOccurredAt(now).setTenant(ref.getTenant()).setConversationId(ref.getConversationId())
        .setPlatform(platform).setConnectionId(ref.getConnectionId()).setHandoverId(ref.getHandoverId())
        .setCausationId(e.eventId())
        .setBody(PlatformActivity.newBuilder().setPlatformEventId(e.eventId()).setRef(e.ref())
            .setPayload(ByteBuffer.wrap(e.payload())).setReceivedAt(now).build())
        .build();
    CompletableFuture<Void> done = new CompletableFuture<>();
    producer.send(new ProducerRecord<>(commands.name(), ref.getTenant() + "/" + ref.getConversationId(), command),
        (m, error) -> {
          if (error == null) {
            done.complete(null);
          } else {
            done.completeExceptionally(error);
          }
        });
    return done;
  }

  @Override
  public void close() {
    producer.close(Duration.ofSeconds(5));
  }
}
