package io.baton.ingress.webhook;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.events.AgentTyping;
import io.baton.events.BotWebhook;
import io.baton.events.ConversationEvent;
import io.baton.ingress.IngressConfig;
import io.baton.ingress.gateway.WidgetEventJson;
import io.baton.ingress.http.Json;
import io.baton.secrets.SealedSecrets;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Delivers conversation events to bot webhooks. The instances share conversation.events.v1 through one consumer group
 * ({@value #GROUP}), so each event is delivered by one instance, in order per conversation; offsets are committed
 * after delivery (at least once: the receiver deduplicates by {@code eventId}). A failing delivery is retried with
 * doubling backoff, blocking its partition so order holds; after the last attempt it is recorded as failed and
 * skipped. Events older than the webhook's registration are not sent, nor agent typing (too chatty for bots).
 */
public final class WebhookDispatcher implements AutoCloseable {
  public static final String GROUP = "baton-ingress-webhooks";
  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final Duration MAX_BACKOFF = Duration.ofMinutes(1);

  private final KafkaSettings kafka;
  private final WebhookRegistry registry;
  private final SealedSecrets box;
  private final WebhookOutcomes outcomes;
  private final IngressConfig.Webhooks config;
  private final Clock clock;
  private final HttpClient http;
  private volatile boolean running = true;
  private volatile KafkaConsumer<String, ConversationEvent> consumer;
  private Thread thread;

  public WebhookDispatcher(KafkaSettings kafka, WebhookRegistry registry, SealedSecrets box, WebhookOutcomes outcomes,
      IngressConfig.Webhooks config, Clock clock) {
    this.kafka = kafka;
    this.registry = registry;
    this.box = box;
    this.outcomes = outcomes;
    this.config = config;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(config.timeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
  }

  public void start() {
    thread = new Thread(this::run, "webhook-dispatcher");
    thread.setDaemon(true);
    thread.start();
  }

  private void run() {
    try (KafkaConsumer<String, ConversationEvent> c = new KafkaConsumer<>(
        kafka.consumerProperties(GROUP, "baton-ingress-webhooks-" + UUID.randomUUID()),
        Topics.CONVERSATION_EVENTS.keySerde().deserializer(), Topics.CONVERSATION_EVENTS.valueSerde().deserializer())) {
      consumer = c;
      c.subscribe(List.of(Topics.CONVERSATION_EVENTS.name()));
      while (running) {
        try {
          for (ConsumerRecord<String, ConversationEvent> r : c.poll(Duration.ofMillis(500))) {
            if (r.value() != null) {
              dispatch(r.value());
            }
          }
          c.commitSync();
        } catch (RecordDeserializationException e) {
          log.warn("skipping unreadable record {}@{}", e.topicPartition(), e.offset());
          c.seek(e.topicPartition(), e.offset() + 1);
        }
      }
    } catch (WakeupException | InterruptedException e) {
      if (running) {
        log.error("webhook dispatcher stopped unexpectedly", e);
      }
    } catch (RuntimeException e) { // an interrupt while closing surfaces as Kafka's InterruptException
      if (running) {
        log.error("webhook dispatcher stopped; webhooks are not delivered by this instance", e);
      }
    } finally {
      consumer = null;
    }
  }

  private void dispatch(ConversationEvent event) throws InterruptedException {
    Optional<BotWebhook> hook = registry.get(event.getTenant());
    if (hook.isEmpty() || !hook.get().getEnabled() || event.getBody() instanceof AgentTyping
        || WidgetEventJson.botType(event).isEmpty() || event.getOccurredAt().isBefore(hook.get().getUpdatedAt())) {
      return;
    }
    BotWebhook webhook = hook.get();
    ObjectNode payload = Json.object();
    payload.put("tenant", event.getTenant());
    payload.put("conversationId", event.getConversationId());
    payload.setAll(WidgetEventJson.data(event));
    String body = Json.write(payload);
    byte[] secret = secret(webhook);
    Duration backoff = config.firstBackoff();
    String error = null;
    for (int attempt = 1; attempt <= config.maxAttempts() && running; attempt++) {
      error = attempt(webhook.getUrl(), secret, event, body);
      if (error == null) {
        outcomes.delivered(event.getTenant());
        return;
      }
      if (attempt < config.maxAttempts()) {
        Thread.sleep(backoff.toMillis()); // blocks this partition's later events on purpose: order per conversation
        backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
      }
    }
    if (running) {
      log.warn("webhook of tenant {} failed for event {} after {} attempts: {}", event.getTenant(),
          event.getEventId(), config.maxAttempts(), error);
      outcomes.failed(event.getTenant(), new WebhookOutcomes.Failure(event.getEventId(), event.getConversationId(),
          event.getSequence(), config.maxAttempts(), error, clock.instant()));
    }
  }

  /** Null on success, else what went wrong (status or exception class, never the receiver's body). */
  private String attempt(String url, byte[] secret, ConversationEvent event, String body) {
    try {
      HttpRequest request = HttpRequest.newBuilder(URI.create(url)).timeout(config.timeout())
          .header("Content-Type", "application/json")
          .header("Baton-Event-Id", event.getEventId())
          .header(WebhookSignature.HEADER, WebhookSignature.header(secret, clock.instant().getEpochSecond(), body))
          .POST(HttpRequest.BodyPublishers.ofString(body)).build();
      int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
      return status >= 200 && status < 300 ? null : "HTTP " + status;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return "interrupted";
    } catch (Exception e) {
      return e.getClass().getSimpleName();
    }
  }

  private byte[] secret(BotWebhook w) {
    ByteBuffer b = w.getEncryptedSecret().duplicate();
    byte[] sealed = new byte[b.remaining()];
    b.get(sealed);
    return WebhookApi.secretOf(box, w.getTenant(), sealed);
  }

  @Override
  public void close() {
    running = false;
    KafkaConsumer<String, ConversationEvent> c = consumer;
    if (c != null) {
      c.wakeup();
    }
    if (thread != null) {
      try {
        // A wakeup ends a poll; interrupt only a thread still waiting out a delivery backoff, because an interrupted
        // thread cannot close its consumer cleanly.
        thread.join(2_000);
        if (thread.isAlive()) {
          thread.interrupt();
          thread.join(10_000);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
