package io.baton.bench.soak;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.testkit.KafkaBroker;
import io.baton.testkit.KafkaBrokerExtension;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The soak, short: two instances of every service, each in a JVM of its own, relay Live Agent and Dixa conversations
 * both ways while a router, a Live Agent connector and a Dixa connector are killed (SIGKILL) and started again under
 * traffic, and an ingress is killed and started with the crash point that halts it right after Kafka acknowledged
 * the first message it takes, before answering (the bot retries on the other instance with the same
 * Idempotency-Key). Widgets follow their stream across instances with Last-Event-ID. What a person sees, read raw at
 * the helpdesk and in the widget, is counted: nothing lost, doubled or out of order, one helpdesk session each, and
 * every conversation relays again after every kill. No timing is judged.
 */
@ExtendWith(KafkaBrokerExtension.class)
class SoakTest {
  private static final int LIVE_AGENT = 6;
  private static final int DIXA = 2;
  private static final double LIVE_AGENT_RATE = 4;
  private static final double DIXA_RATE = 1;
  private static final Duration TRAFFIC = Duration.ofSeconds(20);

  @TempDir
  Path work;

  @Test
  void nothingIsLostDoubledOrReorderedWhileAnInstanceOfEachServiceIsKilledInTurn(KafkaBroker kafka)
      throws Exception {
    SoakOutcome o = Soak.run(kafka.bootstrapServers(), work, new Soak.Settings(LIVE_AGENT, DIXA, LIVE_AGENT_RATE,
        DIXA_RATE, TRAFFIC, KillPlan.parse("router-0,salesforce-1,dixa-0,ingress-0:halt-after-kafka-ack"),
        Duration.ofSeconds(90)));
    System.out.println("soak: " + o);

    Map<String, Integer> zeros = new LinkedHashMap<>();
    o.mustBeZero().keySet().forEach(k -> zeros.put(k, 0));
    assertEquals(zeros, o.mustBeZero(), "conversations with a count: " + o.troubled());
    assertEquals(11, zeros.size(), "three directions, sessions and recovery: " + zeros.keySet());
    assertEquals(137, o.haltExit(), "the ingress halted right after an ack");
    assertTrue(o.retries() >= 1, "at least the message that ingress halted on was retried on the other one");
    int perSide = (int) (LIVE_AGENT * LIVE_AGENT_RATE * TRAFFIC.toSeconds() + DIXA * DIXA_RATE * TRAFFIC.toSeconds());
    assertEquals(perSide + o.lateMessages(), o.messages().get(SoakOutcome.VISITOR_TO_AGENT));
    assertEquals(perSide, o.messages().get(SoakOutcome.AGENT_TO_WIDGET));
    assertEquals(4, o.recoveries().size());
    assertEquals(LIVE_AGENT + DIXA, o.recoveries().get(0).affected(), "a router holds up every conversation");
    assertEquals(LIVE_AGENT, o.recoveries().get(1).affected(), "a Live Agent connector its platform's");
    assertEquals(DIXA, o.recoveries().get(2).affected());
  }
}
