package io.baton.analytics.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.analytics.AnalyticsConfig;
import io.baton.analytics.AnalyticsService;
import io.baton.analytics.ConversationLogScript;
import io.baton.analytics.report.ReportRun;
import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ControlReturnedToBot;
import io.baton.events.ConversationEvent;
import io.baton.events.EndedBy;
import io.baton.events.HandoverStarted;
import io.baton.events.Platform;
import io.baton.events.VisitorMessage;
import io.baton.testkit.Eventually;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.Properties;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The analysts' tools against a real broker: a log written in transactions as the router writes it (one of them
 * aborted), read by the transcript, and the analytics stream running as a service, read back by the report.
 */
@ExtendWith(KafkaBrokerExtension.class)
class AnalystToolsOnBrokerTest {
  private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
  private static ConversationLogScript served;
  private static ConversationLogScript abandoned;

  @BeforeAll
  static void writeTheLog(KafkaBroker kafka) {
    TopicProvisioner.ensure(KafkaSettings.of(kafka.bootstrapServers()), Topics.all());
    served = new ConversationLogScript("acme", "served");
    served.at(T0, "v1", VisitorMessage.newBuilder().setText("hello").build());
    served.at(T0.plusSeconds(5), "h-served", HandoverStarted.newBuilder().setPlatform(Platform.dixa).build());
    served.at(T0.plusSeconds(6), "q", ChatQueued.newBuilder().setPosition(1).build());
    served.at(T0.plusSeconds(25), "j", AgentJoined.newBuilder().setAgentName("Alex").build());
    served.at(T0.plusSeconds(30), "m", AgentMessage.newBuilder().setText("Hi, Alex here").build());
    served.at(T0.plusSeconds(90), "e", ChatEnded.newBuilder().setEndedBy(EndedBy.visitor).build());
    served.backToBot(T0.plusSeconds(90), "e", new ControlReturnedToBot("the chat ended"));
    abandoned = new ConversationLogScript("acme", "abandoned");
    abandoned.at(T0, "h-abandoned", HandoverStarted.newBuilder().setPlatform(Platform.dixa).build());
    abandoned.at(T0.plusSeconds(300), "t", ChatEnded.newBuilder().setEndedBy(EndedBy.timeout).build());

    Properties p = kafka.clientProperties();
    p.put("transactional.id", "analyst-tools-test");
    try (KafkaProducer<String, ConversationEvent> router = new KafkaProducer<>(p, Serdes.String().serializer(),
        Topics.CONVERSATION_EVENTS.valueSerde().serializer())) {
      router.initTransactions();
      router.beginTransaction();
      // what an aborted transaction wrote is never read: the router writes it again, identically, after a crash
      router.send(record(served.events().get(0)));
      router.send(record(abandoned.events().get(0)));
      router.abortTransaction();
      router.beginTransaction();
      served.events().forEach(e -> router.send(record(e)));
      abandoned.events().forEach(e -> router.send(record(e)));
      router.commitTransaction();
    }
  }

  private static ProducerRecord<String, ConversationEvent> record(ConversationEvent e) {
    return new ProducerRecord<>(Topics.CONVERSATION_EVENTS.name(), null, e.getOccurredAt().toEpochMilli(),
        e.getTenant() + "/" + e.getConversationId(), e);
  }

  @Test
  void theTranscriptPrintsOneConversationFromTheLogAndSaysSoWhenItIsNotThere(KafkaBroker kafka) {
    Output out = new Output();
    Output err = new Output();
    assertEquals(0, ConversationTranscript.run(new String[] {"acme/served"}, kafka.bootstrapServers(),
        ZoneId.of("UTC"), out.stream, err.stream));
    assertEquals("""
        acme/served (conversation.events.v2, times in UTC)
        --- 2026-11-29 ---
        10:00:00  visitor: hello
        10:00:05  * handover requested: dixa
        10:00:06  * queued: position 1
        10:00:25  * Alex joined after 20 s in the queue
        10:00:30  Alex: Hi, Alex here
        10:01:30  * chat ended by the visitor
        10:01:30  * handover outcome: served, after 20 s in the queue; 1 min 05 s with an agent
        10:01:30  * back with the bot (the chat ended)
        """, out.text());
    assertEquals("", err.text());

    Output missing = new Output();
    assertEquals(1, ConversationTranscript.run(new String[] {"acme/nobody"}, kafka.bootstrapServers(),
        ZoneId.of("UTC"), out.stream, missing.stream));
    assertEquals("no conversation acme/nobody in conversation.events.v2 (it keeps 90 days; is the key right?)\n",
        missing.text());

    Output usage = new Output();
    assertEquals(2, ConversationTranscript.run(new String[] {"acme"}, kafka.bootstrapServers(), ZoneId.of("UTC"),
        out.stream, usage.stream));
    assertEquals(ConversationTranscript.USAGE, usage.text().lines().reduce((a, b) -> b).orElseThrow());
  }

  @Test
  void theAnalyticsStreamWritesTheFactsTheReportCounts(KafkaBroker kafka) throws Exception {
    AnalyticsConfig config = new AnalyticsConfig("analyst-tools-test",
        Files.createTempDirectory("analytics-state").toString(), 100, null);
    try (AnalyticsService analytics = new AnalyticsService(config, KafkaSettings.of(kafka.bootstrapServers()))) {
      analytics.start();
      String expected = """
          2 handovers requested (analytics.handovers.v1)

          platform         requested  queued  joined  by agent  by visitor  otherwise  abandoned  failed  open
          dixa                     2       1       1         0           1          0          1       0     0
          all                      2       1       1         0           1          0          1       0     0

          wait from request to agent joined                  p50           p90           p99       n
          dixa                                              20 s          20 s          20 s       1
          all                                               20 s          20 s          20 s       1

          wait from request to first agent reply             p50           p90           p99       n
          dixa                                              25 s          25 s          25 s       1
          all                                               25 s          25 s          25 s       1
          """;
      Eventually.assertThat(Duration.ofSeconds(30), () -> {
        Output out = new Output();
        assertEquals(0, ReportRun.run(kafka.bootstrapServers(), out.stream));
        assertEquals(expected, out.text());
      });
    }
  }

  private static final class Output {
    final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    final PrintStream stream = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    String text() {
      return bytes.toString(StandardCharsets.UTF_8);
    }
  }
}
