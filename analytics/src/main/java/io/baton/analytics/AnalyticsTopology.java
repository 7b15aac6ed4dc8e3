package io.baton.analytics;

import io.baton.schemas.AvroSerde;
import io.baton.events.HandoverFacts;
import io.baton.topics.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.Stores;

/**
 * The analytics stream: {@code conversation.events.v2} in, {@code analytics.handovers.v1} out, nothing else read, so
 * its output is a function of the log. Tests feed exactly this to TopologyTestDriver.
 */
public final class AnalyticsTopology {
  public static final String SOURCE = "from-" + Topics.CONVERSATION_EVENTS.name();
  public static final String RECORDER = "handover-facts";
  public static final String SINK = "to-" + Topics.ANALYTICS_HANDOVERS.name();

  private AnalyticsTopology() {}

  public static Topology build() {
    Topology topology = new Topology();
    topology.addSource(SOURCE, Serdes.String().deserializer(), Topics.CONVERSATION_EVENTS.valueSerde().deserializer(),
        Topics.CONVERSATION_EVENTS.name());
    topology.addProcessor(RECORDER, HandoverFactsRecorder::new, SOURCE);
    topology.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(HandoverFactsRecorder.STORE),
        Serdes.String(), AvroSerde.of(HandoverFacts.class)), RECORDER);
    topology.addSink(SINK, Topics.ANALYTICS_HANDOVERS.name(), Serdes.String().serializer(),
        Topics.ANALYTICS_HANDOVERS.valueSerde().serializer(), RECORDER);
    return topology;
  }
}
