package io.baton.router;

import io.baton.events.Connection;
import io.baton.events.ConnectorCommand;
import io.baton.events.ConversationState;
import io.baton.router.connections.KnownConnections;
import io.baton.router.switchboard.ConversationSwitchboard;
import io.baton.router.timers.Deadlines;
import io.baton.schemas.AvroSerde;
import io.baton.topics.TopicSpec;
import io.baton.topics.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/** Builds the router's topology; tests feed exactly this to TopologyTestDriver. */
public final class RouterTopology {
  private RouterTopology() {}

  public static Topology build(RouterConfig config) {
    Topology topology = new Topology();
    String[] sources = {
        source(topology, Topics.HANDOVER_REQUESTS), source(topology, Topics.VISITOR_EVENTS),
        source(topology, Topics.BOT_EVENTS), source(topology, Topics.AGENT_EVENTS)};
    topology.addProcessor("switchboard", () -> new ConversationSwitchboard(config), sources);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ConversationSwitchboard.STORE),
        Serdes.String(), AvroSerde.of(ConversationState.class)).withCachingDisabled(), "switchboard");
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(Deadlines.STORE),
        Serdes.String(), Serdes.String()).withCachingDisabled(), "switchboard");
    topology.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(KnownConnections.STORE),
        Serdes.String(), AvroSerde.of(Connection.class)).withLoggingDisabled(), "from-" + Topics.CONNECTIONS.name(),
        Serdes.String().deserializer(), KnownConnections.lenientValues(), Topics.CONNECTIONS.name(),
        "known-connections", KnownConnections::new);
    topology.addSink(ConversationSwitchboard.TO_CONVERSATION_LOG, Topics.CONVERSATION_EVENTS.name(),
        Serdes.String().serializer(), anyRecord(Topics.CONVERSATION_EVENTS.valueSerde().serializer()), "switchboard");
    topology.addSink(ConversationSwitchboard.TO_CONNECTORS,
        (key, command, ctx) -> Topics.connectorCommands(((ConnectorCommand) command).getPlatform()).name(),
        Serdes.String().serializer(), anyRecord(AvroSerde.of(ConnectorCommand.class).serializer()), "switchboard");
    return topology;
  }

  private static String source(Topology topology, TopicSpec<String, ? extends SpecificRecord> topic) {
    String name = "from-" + topic.name();
    @SuppressWarnings("unchecked")
    Deserializer<SpecificRecord> values = (Deserializer<SpecificRecord>) topic.valueSerde().deserializer();
    topology.addSource(name, Serdes.String().deserializer(), values, topic.name());
    return name;
  }

  @SuppressWarnings("unchecked")
  private static <T extends SpecificRecord> Serializer<SpecificRecord> anyRecord(Serializer<T> serializer) {
    return (topic, value) -> serializer.serialize(topic, (T) value);
  }
}
