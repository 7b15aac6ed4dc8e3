package io.baton.router.broker;

import io.baton.events.ConnectorCommand;
import io.baton.events.ConversationEvent;
import io.baton.router.RouterConfig;
import io.baton.router.RouterService;
import io.baton.router.RouterTopology;
import io.baton.router.switchboard.ConversationSwitchboard;
import io.baton.router.timers.TimerFirings;
import io.baton.schemas.AvroSerde;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import io.baton.topics.Topics;
import java.time.Instant;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A broken router, for tests only: the production switchboard, but the log's {@code occurredAt} is the wall clock of
 * the writer, so its output is not a function of state and input (as the old router's was not: it took deadlines
 * and business hours from the wall clock, and interleaved four topics differently after every restart). A reader
 * that acts on uncommitted records of such a router delivers records that the committed log does not hold.
 */
public final class WallClockRouter {
  private WallClockRouter() {}

  public static void main(String[] args) {
    RouterConfig config = RouterConfig.fromEnv(System.getenv());
    Service.runUntilShutdown(new RouterService(config, KafkaSettings.fromEnv(System.getenv()),
        firings -> topology(config, firings)));
  }

  static Topology topology(RouterConfig config, TimerFirings firings) {
    Topology topology = new Topology();
    topology.addSource(RouterTopology.SOURCE, Serdes.String().deserializer(),
        Topics.CONVERSATION_INPUTS.valueSerde().deserializer(), Topics.CONVERSATION_INPUTS.name());
    topology.addProcessor(RouterTopology.SWITCHBOARD, () -> new ConversationSwitchboard(config, firings),
        RouterTopology.SOURCE);
    RouterTopology.addStores(topology, RouterTopology.SWITCHBOARD);
    // the switchboard forwards its log records to the child of this name: here, the stamp, then the sink
    topology.addProcessor(ConversationSwitchboard.TO_CONVERSATION_LOG, StampWallClock::new, RouterTopology.SWITCHBOARD);
    topology.addSink("to-log", Topics.CONVERSATION_EVENTS.name(), Serdes.String().serializer(),
        RouterTopology.anyRecord(Topics.CONVERSATION_EVENTS.valueSerde().serializer()),
        ConversationSwitchboard.TO_CONVERSATION_LOG);
    topology.addSink(ConversationSwitchboard.TO_CONNECTORS,
        (key, command, ctx) -> Topics.connectorCommands(((ConnectorCommand) command).getPlatform()).name(),
        Serdes.String().serializer(), RouterTopology.anyRecord(AvroSerde.of(ConnectorCommand.class).serializer()),
        RouterTopology.SWITCHBOARD);
    return topology;
  }

  private static final class StampWallClock implements Processor<String, SpecificRecord, String, SpecificRecord> {
    private ProcessorContext<String, SpecificRecord> context;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
      this.context = context;
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
      ConversationEvent event = ConversationEvent.newBuilder((ConversationEvent) record.value())
          .setOccurredAt(Instant.now()).build();
      context.forward(record.withValue(event));
    }
  }
}
