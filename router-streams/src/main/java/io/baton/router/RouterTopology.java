package io.baton.router;

import io.baton.events.ConnectorCommand;
import io.baton.events.ConversationState;
import io.baton.router.switchboard.ConversationSwitchboard;
import io.baton.router.timers.Deadlines;
import io.baton.router.timers.TimerFirings;
import io.baton.schemas.AvroSerde;
import io.baton.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * Builds the router's topology; tests feed exactly this to TopologyTestDriver. One source, {@code
 * conversation.inputs.v1} (every input of every conversation, timer firings included, in one ordered log per
 * conversation), and nothing else: no other topic, no global store, so a replay of the inputs from the committed state
 * reproduces every output.
 */
public final class RouterTopology {
  public static final String SOURCE = "from-" + Topics.CONVERSATION_INPUTS.name();
  public static final String SWITCHBOARD = "switchboard";

  private RouterTopology() {}

  /** The topology; due timers are written through {@code firings} as inputs (see {@link TimerFirings}). */
  public static Topology build(RouterConfig config, TimerFirings firings) {
    Topology topology = new Topology();
    topology.addSource(SOURCE, Serdes.String().deserializer(), Topics.CONVERSATION_INPUTS.valueSerde().deserializer(),
        Topics.CONVERSATION_INPUTS.name());
    topology.addProcessor(SWITCHBOARD, () -> new ConversationSwitchboard(config, firings), SOURCE);
    addStores(topology, SWITCHBOARD);
    topology.addSink(ConversationSwitchboard.TO_CONVERSATION_LOG, Topics.CONVERSATION_EVENTS.name(),
        Serdes.String().serializer(), anyRecord(Topics.CONVERSATION_EVENTS.valueSerde().serializer()), SWITCHBOARD);
    topology.addSink(ConversationSwitchboard.TO_CONNECTORS,
        (key, command, ctx) -> Topics.connectorCommands(((ConnectorCommand) command).getPlatform()).name(),
        Serdes.String().serializer(), anyRecord(AvroSerde.of(ConnectorCommand.class).serializer()), SWITCHBOARD);
    return topology;
  }

  /** Without timer firings: timers never fire. For benchmarks and tools only; the service passes real ones. */
  public static Topology build(RouterConfig config) {
    return build(config, TimerFirings.DISCARD);
  }

  /** The switchboard's stores: conversation states and the timer index, both changelogged. */
  public static void addStores(Topology topology, String processor) {
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ConversationSwitchboard.STORE),
        Serdes.String(), AvroSerde.of(ConversationState.class)).withCachingDisabled(), processor);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Deadlines.STORE),
        Serdes.String(), Serdes.String()).withCachingDisabled(), processor);
  }

  @SuppressWarnings("unchecked")
  public static <T extends SpecificRecord> Serializer<SpecificRecord> anyRecord(Serializer<T> serializer) {
    return (topic, value) -> serializer.serialize(topic, (T) value);
  }
}
