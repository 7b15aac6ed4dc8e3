package io.baton.bench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.baton.bench.soak.SoakOutcome;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak, short, through the bench's own {@code soak} scenario: two instances of every service, each in a JVM of
 * its own, relay Live Agent and Dixa conversations both ways while a router, a Live Agent connector and a Dixa
 * connector are killed (SIGKILL) and started again under traffic, and an ingress is killed and started with the
 * crash point that halts it right after Kafka acknowledged the first message it takes, before answering (the bot
 * retries on the other instance with the same Idempotency-Key). Widgets follow their stream across instances with
 * Last-Event-ID. What a person sees, read raw at the helpdesk and in the widget, is counted: nothing lost, doubled or
 * out of order, one helpdesk session each, and every conversation relays again after every kill. No timing is judged.
 */
@ExtendWith(KafkaBrokerExtension.class)
class SoakTest {
  private static final int LIVE_AGENT = 6;
  private static final int DIXA = 2;
  private static final int LIVE_AGENT_RATE = 4;
  private static final int DIXA_RATE = 1;
  private static final int SECONDS = 20;

  @TempDir
  Path out;

  @Test
  void nothingIsLostDoubledOrReorderedWhileAnInstanceOfEachServiceIsKilledInTurn(KafkaBroker kafka)
      throws Exception {
    Path md = PipelineBench.runForTest("soak", "--bootstrap", kafka.bootstrapServers(), "--live-agent", "" + LIVE_AGENT,
        "--platforms", "liveagent,dixa", "--dixa", "" + DIXA,
        "--live-agent-rate", "" + LIVE_AGENT_RATE, "--dixa-rate", "" + DIXA_RATE, "--seconds", "" + SECONDS,
        "--kills", "router-0,salesforce-1,dixa-0,ingress-0:halt-after-kafka-ack", "--out", out.toString());
    String table = Files.readString(md);
    JsonNode json = new ObjectMapper().readTree(md.resolveSibling(md.getFileName().toString()
        .replace(".md", ".json")).toFile());

    Map<String, Integer> counts = new LinkedHashMap<>();
    json.path("must_be_zero").fields().forEachRemaining(e -> counts.put(e.getKey(), e.getValue().asInt()));
    Map<String, Integer> zeros = new LinkedHashMap<>();
    counts.keySet().forEach(k -> zeros.put(k, 0));
    assertEquals(11, zeros.size(), "three directions of three counts, sessions and recovery: " + zeros.keySet());
    assertEquals(zeros, counts, table);
    assertEquals(137, json.path("halt_exit").asInt(), "the ingress halted right after an ack: " + table);
    assertTrue(json.path("retries").asInt() >= 1, "at least the message it halted on was retried on the other one");
    int perSide = LIVE_AGENT * LIVE_AGENT_RATE * SECONDS + DIXA * DIXA_RATE * SECONDS;
    JsonNode directions = json.path("directions");
    assertEquals(perSide + json.path("late_messages").asInt(),
        directions.path(SoakOutcome.VISITOR_TO_AGENT).path("sent").asInt(), table);
    assertEquals(perSide, directions.path(SoakOutcome.AGENT_TO_WIDGET).path("sent").asInt(), table);
    assertEquals(LIVE_AGENT + DIXA, json.path("sessions").path("conversations").asInt());
    assertEquals(1, json.path("dixa_webhook_subscriptions").asInt(), "one subscription for both Dixa instances");
    JsonNode kills = json.path("kills");
    assertEquals(4, kills.size(), kills.toString());
    assertEquals(LIVE_AGENT + DIXA, kills.get(0).path("affected").asInt(), "a router holds up every conversation");
    assertEquals(LIVE_AGENT, kills.get(1).path("affected").asInt(), "a Live Agent connector its platform's");
    assertEquals(DIXA, kills.get(2).path("affected").asInt(), "a Dixa connector its platform's");
    assertEquals(LIVE_AGENT + DIXA, kills.get(3).path("affected").asInt(), "an ingress every conversation");
  }
}
