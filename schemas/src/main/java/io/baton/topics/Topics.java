package io.baton.topics;

import io.baton.events.BotWebhook;
import io.baton.events.Connection;
import io.baton.events.ConnectorCommand;
import io.baton.events.ConnectorPresence;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationInput;
import io.baton.events.HandoverFacts;
import io.baton.events.IdempotentRequest;
import io.baton.events.Platform;
import io.baton.events.PlatformLink;
import io.baton.events.PlatformRef;
import io.baton.events.SegmentUserTraits;
import io.baton.events.TokenClaim;
import io.baton.events.WebhookTally;
import io.baton.schemas.AvroSerde;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

/**
 * The topic catalogue: every topic Baton uses, with partitions, cleanup policy, retention and serdes. Services create
 * the topics they need from here at start-up ({@link TopicProvisioner}); broker auto-creation stays off.
 */
public final class Topics {
  /** Every conversation-keyed topic has the same partition count, so a conversation lives on one partition number. */
  public static final int PARTITIONS = 6;
  private static final Duration WEEK = Duration.ofDays(7);
  private static final Serde<String> KEYS = Serdes.String();
  /** retention.ms -1: Kafka deletes nothing. */
  private static final Duration KEEP_FOREVER = Duration.ofMillis(-1);

  /**
   * Everything the router reads (handover requests, visitor, bot and agent events, timer firings), one ordered log
   * per conversation. Written only without transactions, so a record is visible to the router once acknowledged.
   */
  public static final TopicSpec<String, ConversationInput> CONVERSATION_INPUTS =
      conversationTopic("conversation.inputs.v1", AvroSerde.of(ConversationInput.class), WEEK);
  /**
   * The canonical ordered log: long retention, it is what analysts and late widgets read. v2: written only by the
   * deterministic router, so readers may act on records before their transaction commits (by sequence).
   */
  public static final TopicSpec<String, ConversationEvent> CONVERSATION_EVENTS =
      conversationTopic("conversation.events.v2", AvroSerde.of(ConversationEvent.class), Duration.ofDays(90));
  /** Keyed by connectionId, compacted: the latest configuration of every connection. */
  public static final TopicSpec<String, Connection> CONNECTIONS = new TopicSpec<>("connections.v1", PARTITIONS,
      TopicSpec.Cleanup.COMPACT, null, KEYS, AvroSerde.of(Connection.class));
  /** Keyed by tenant, compacted: each tenant's bot webhook. */
  public static final TopicSpec<String, BotWebhook> WEBHOOKS = new TopicSpec<>("webhooks.v1", PARTITIONS,
      TopicSpec.Cleanup.COMPACT, null, KEYS, AvroSerde.of(BotWebhook.class));
  /**
   * Keyed by a keyed digest of a token that may be active in one connection only: claims and releases, replayed whole
   * by every ingress to agree on the holder. Kept forever and never compacted (the outcome of a claim depends on every
   * record before it); admin writes only, so it stays small. One partition: one order for every token.
   */
  public static final TopicSpec<String, TokenClaim> TOKEN_CLAIMS = new TopicSpec<>("connections.claims.v1", 1,
      TopicSpec.Cleanup.DELETE, KEEP_FOREVER, KEYS, AvroSerde.of(TokenClaim.class));

  /**
   * Keyed by {@code <platform>/<instance id>}, compacted: which connector instances run ({@link ConnectorPresence},
   * renewed while they run, a tombstone on a clean stop). The ingress reads it to fail a handover at once that no
   * running connector could carry. One partition: a few records per instance.
   */
  public static final TopicSpec<String, ConnectorPresence> CONNECTOR_PRESENCE = new TopicSpec<>(
      "connectors.presence.v1", 1, TopicSpec.Cleanup.COMPACT, null, KEYS, AvroSerde.of(ConnectorPresence.class));

  /**
   * Keyed by {@code <tenant>/<digest of method, path and Idempotency-Key>}: each keyed request's claim, answer or
   * release ({@link IdempotentRequest}), replayed by every ingress so that a retry on any instance gets the first
   * answer. Not compacted: a claim's outcome depends on the records before it, and a losing claim must never replace
   * the answer. Kept a day, the time an answer is replayed.
   */
  public static final TopicSpec<String, IdempotentRequest> INGRESS_IDEMPOTENCY = new TopicSpec<>(
      "ingress.idempotency.v1", PARTITIONS, TopicSpec.Cleanup.DELETE, Duration.ofDays(1), KEYS,
      AvroSerde.of(IdempotentRequest.class));
  /**
   * Keyed by {@code <tenant>/<user>}, compacted and kept 30 days after a user's last identify or group call: the
   * Segment traits every ingress uses for a handover started by a track call.
   */
  public static final TopicSpec<String, SegmentUserTraits> SEGMENT_TRAITS = new TopicSpec<>("segment.traits.v1",
      PARTITIONS, TopicSpec.Cleanup.COMPACT_DELETE, Duration.ofDays(30), KEYS, AvroSerde.of(SegmentUserTraits.class));
  /**
   * Keyed by {@code <tenant>/<partition of conversation.events.v2>}, compacted: bot-webhook delivery counts and latest
   * failures, continued by whichever ingress instance owns the partition, summed by every instance.
   */
  public static final TopicSpec<String, WebhookTally> WEBHOOK_OUTCOMES = new TopicSpec<>("webhooks.outcomes.v1",
      PARTITIONS, TopicSpec.Cleanup.COMPACT, null, KEYS, AvroSerde.of(WebhookTally.class));

  /**
   * Keyed by handover id, compacted: what each handover came to ({@link HandoverFacts}), written by the analytics
   * stream from {@code conversation.events.v2} at each milestone, for analysts' warehouses and {@code ./baton report}.
   */
  public static final TopicSpec<String, HandoverFacts> ANALYTICS_HANDOVERS = new TopicSpec<>(
      "analytics.handovers.v1", PARTITIONS, TopicSpec.Cleanup.COMPACT, null, KEYS, AvroSerde.of(HandoverFacts.class));

  private static final Map<Platform, TopicSpec<String, ConnectorCommand>> COMMANDS = new EnumMap<>(Platform.class);
  private static final Map<Platform, TopicSpec<String, PlatformLink>> LINKS = new EnumMap<>(Platform.class);
  private static final Map<Platform, TopicSpec<String, PlatformRef>> REFS = new EnumMap<>(Platform.class);

  static {
    AvroSerde<ConnectorCommand> commands = AvroSerde.of(ConnectorCommand.class);
    AvroSerde<PlatformLink> links = AvroSerde.of(PlatformLink.class);
    AvroSerde<PlatformRef> refs = AvroSerde.of(PlatformRef.class);
    for (Platform p : Platform.values()) {
      COMMANDS.put(p, conversationTopic("connector." + p.name() + ".commands.v2", commands, WEEK));
      LINKS.put(p, new TopicSpec<>("connector." + p.name() + ".links.v1", PARTITIONS, TopicSpec.Cleanup.COMPACT, null,
          KEYS, links));
      REFS.put(p, new TopicSpec<>("connector." + p.name() + ".refs.v1", PARTITIONS, TopicSpec.Cleanup.COMPACT, null,
          KEYS, refs));
    }
  }

  private Topics() {}

  public static TopicSpec<String, ConnectorCommand> connectorCommands(Platform platform) {
    return COMMANDS.get(platform);
  }

  public static TopicSpec<String, PlatformLink> connectorLinks(Platform platform) {
    return LINKS.get(platform);
  }

  /**
   * Keyed by a platform's reference of its conversation, compacted: which Baton conversation it belongs to. Every
   * connector instance reads it whole, to hand a webhook to the instance that owns the conversation.
   */
  public static TopicSpec<String, PlatformRef> connectorRefs(Platform platform) {
    return REFS.get(platform);
  }

  /** Where records of {@code topic} that cannot be processed go, as original bytes with error headers. */
  public static TopicSpec<byte[], byte[]> deadLetters(String topic) {
    return new TopicSpec<>(topic + ".dlq", PARTITIONS, TopicSpec.Cleanup.DELETE, Duration.ofDays(30),
        Serdes.ByteArray(), Serdes.ByteArray());
  }

  /** Every topic of the catalogue, dead-letter topics included. */
  public static List<TopicSpec<?, ?>> all() {
    List<TopicSpec<?, ?>> all =
        new ArrayList<>(List.of(CONVERSATION_INPUTS, CONVERSATION_EVENTS, CONNECTIONS, WEBHOOKS, TOKEN_CLAIMS,
            CONNECTOR_PRESENCE, ANALYTICS_HANDOVERS, INGRESS_IDEMPOTENCY, SEGMENT_TRAITS, WEBHOOK_OUTCOMES));
    all.addAll(COMMANDS.values());
    all.addAll(LINKS.values());
    all.addAll(REFS.values());
    for (TopicSpec<?, ?> t : List.copyOf(all)) {
      // A link that cannot be read goes to a dead-letter topic too, for operators to look at.
      if ((t.cleanup() == TopicSpec.Cleanup.DELETE && t != TOKEN_CLAIMS && t != INGRESS_IDEMPOTENCY)
          || LINKS.containsValue(t)) {
        all.add(deadLetters(t.name()));
      }
    }
    return all;
  }

  private static <V> TopicSpec<String, V> conversationTopic(String name, Serde<V> values, Duration retention) {
    return new TopicSpec<>(name, PARTITIONS, TopicSpec.Cleanup.DELETE, retention, KEYS, values);
  }
}
