package io.baton.replay;

import io.baton.events.BotEvent;
import io.baton.events.Connection;
import io.baton.events.ConnectionSnapshot;
import io.baton.events.ConversationInput;
import io.baton.events.HandoverRequested;
import io.baton.events.VisitorEvent;
import io.baton.topics.ConversationInputs;
import io.baton.topics.ConversationKey;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.utils.Utils;

/**
 * Replays a conversation into a connection: what the visitor, the bot and the handover request of
 * {@code <tenant>/<conversationId>} put on {@code conversation.inputs.v1} is written again, in its order, as the inputs
 * of a new conversation of the same tenant, its handover naming the target connection (with that connection's
 * snapshot from {@code connections.v1}, as the ingress would stamp it). Agent events and timer firings are not
 * replayed: the helpdesk behind the connection makes its own. An operator moving an org from Live Agent to Enhanced
 * Chat replays one conversation into a connection of each and compares the two conversations' logs.
 *
 * <p>The new event ids derive from the originals and the new conversation, so replaying twice into the same new
 * conversation changes nothing (the router drops inputs it has seen).
 *
 * <p>Run: {@code ./baton replay <tenant>/<conversationId> --connection <connectionId> [--as <newConversationId>]}.
 */
public final class ConversationReplay {
  private static final Duration READ_PATIENCE = Duration.ofSeconds(30);

  /** What was replayed: the new conversation's key and how many inputs it got. */
  public record Replayed(String conversationKey, int inputs) {}

  private ConversationReplay() {}

  /**
   * Replays {@code source} (a conversation key) as {@code target} (a conversation id of the same tenant) into
   * {@code connectionId}. Throws when the connection is unknown or another tenant's, or when the source has no
   * handover request.
   */
  public static Replayed replay(KafkaSettings kafka, String source, String target, String connectionId) {
    ConversationKey from = ConversationKey.parse(source);
    Connection connection = connection(kafka, connectionId);
    if (connection == null || !connection.getTenant().equals(from.tenant())) {
      throw new IllegalArgumentException("unknown connection " + connectionId + " for tenant " + from.tenant());
    }
    ConnectionSnapshot snapshot = ConnectionSnapshot.newBuilder().setConnectionId(connectionId)
        .setTenant(connection.getTenant()).setPlatform(connection.getPlatform()).setEnabled(connection.getEnabled())
        .setStatus(connection.getStatus()).setSettings(connection.getSettings()).build();
    String key = from.tenant() + "/" + target;
    List<SpecificRecord> inputs = new ArrayList<>();
    for (ConversationInput input : inputsOf(kafka, source)) {
      SpecificRecord replayed = replayed(input.getInput(), target, snapshot);
      if (replayed != null) {
        inputs.add(replayed);
      }
    }
    if (inputs.stream().noneMatch(i -> i instanceof HandoverRequested)) {
      throw new IllegalArgumentException(source + " has no handover request to replay");
    }
    try (KafkaProducer<String, ConversationInput> producer = new KafkaProducer<>(
        kafka.producerProperties("baton-replay"), Topics.CONVERSATION_INPUTS.keySerde().serializer(),
        Topics.CONVERSATION_INPUTS.valueSerde().serializer())) {
      for (SpecificRecord input : inputs) {
        producer.send(ConversationInputs.record(key, input));
      }
      producer.flush();
    }
    return new Replayed(key, inputs.size());
  }

  /** The input as the new conversation's, or null when it is not replayed (agent events, timer firings). */
  private static SpecificRecord replayed(Object input, String target, ConnectionSnapshot snapshot) {
    if (input instanceof HandoverRequested h) {
      return HandoverRequested.newBuilder(h).setEventId(id(target, h.getEventId())).setConversationId(target)
          .setPlatform(snapshot.getPlatform()).setConnectionId(snapshot.getConnectionId()).setConnection(snapshot)
          .setNoConnector(null) // the original's stamp was about then; the router carries the replay as it is
          .build();
    } else if (input instanceof VisitorEvent v) {
      return VisitorEvent.newBuilder(v).setEventId(id(target, v.getEventId())).setConversationId(target).build();
    } else if (input instanceof BotEvent b) {
      return BotEvent.newBuilder(b).setEventId(id(target, b.getEventId())).setConversationId(target).build();
    }
    return null;
  }

  private static String id(String target, String original) {
    return UUID.nameUUIDFromBytes(("replay#" + target + "#" + original).getBytes(StandardCharsets.UTF_8)).toString();
  }

  /** The conversation's inputs in their order: its partition of the input topic, read from the start to its end. */
  static List<ConversationInput> inputsOf(KafkaSettings kafka, String conversationKey) {
    String topic = Topics.CONVERSATION_INPUTS.name();
    int partition = Utils.toPositive(Utils.murmur2(conversationKey.getBytes(StandardCharsets.UTF_8)))
        % Topics.CONVERSATION_INPUTS.partitions();
    List<ConversationInput> out = new ArrayList<>();
    for (ConsumerRecord<String, byte[]> r : readAll(kafka, List.of(new TopicPartition(topic, partition)))) {
      if (conversationKey.equals(r.key()) && r.value() != null) {
        try {
          out.add(Topics.CONVERSATION_INPUTS.valueSerde().deserializer().deserialize(topic, r.value()));
        } catch (RuntimeException unreadable) {
          // dead-lettered by the router when it was written; nothing to replay
        }
      }
    }
    return out;
  }

  /** The connection as {@code connections.v1} has it now (the latest record of its key), or null. */
  static Connection connection(KafkaSettings kafka, String connectionId) {
    String topic = Topics.CONNECTIONS.name();
    List<TopicPartition> partitions = new ArrayList<>();
    for (int p = 0; p < Topics.CONNECTIONS.partitions(); p++) {
      partitions.add(new TopicPartition(topic, p));
    }
    Map<String, byte[]> latest = new HashMap<>();
    for (ConsumerRecord<String, byte[]> r : readAll(kafka, partitions)) {
      if (r.key() != null) {
        latest.put(r.key(), r.value());
      }
    }
    byte[] value = latest.get(connectionId);
    return value == null ? null : Topics.CONNECTIONS.valueSerde().deserializer().deserialize(topic, value);
  }

  private static List<ConsumerRecord<String, byte[]>> readAll(KafkaSettings kafka, List<TopicPartition> partitions) {
    var props = kafka.consumerProperties("unused", "baton-replay-" + UUID.randomUUID());
    props.remove(ConsumerConfig.GROUP_ID_CONFIG);
    List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props, new StringDeserializer(),
        new ByteArrayDeserializer())) {
      c.assign(partitions);
      c.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = c.endOffsets(partitions, READ_PATIENCE);
      long deadline = System.nanoTime() + READ_PATIENCE.toNanos();
      while (partitions.stream().anyMatch(tp -> c.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new IllegalStateException("could not read " + partitions + " to its end within " + READ_PATIENCE);
        }
        c.poll(Duration.ofMillis(200)).forEach(out::add);
      }
    }
    return out;
  }

  public static void main(String[] args) {
    String source = null;
    String connection = null;
    String target = null;
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--connection" -> connection = args[++i];
        case "--as" -> target = args[++i];
        default -> source = args[i];
      }
    }
    if (source == null || connection == null) {
      System.err.println("usage: ./baton replay <tenant>/<conversationId> --connection <connectionId> "
          + "[--as <newConversationId>]");
      System.exit(2);
    }
    if (target == null) {
      target = ConversationKey.parse(source).conversationId() + "-replay-" + connection;
    }
    Replayed r = replay(KafkaSettings.fromEnv(System.getenv()), source, target, connection);
    System.out.println("replayed " + r.inputs() + " inputs of " + source + " as " + r.conversationKey()
        + " into connection " + connection);
  }
}
