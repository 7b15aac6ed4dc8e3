package io.baton.router.meters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.baton.events.AgentJoined;
import io.baton.events.AgentMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ConnectorCommand;
import io.baton.events.Controller;
import io.baton.events.ConversationEvent;
import io.baton.events.ConversationStatus;
import io.baton.events.EndedBy;
import io.baton.events.HandoverFailed;
import io.baton.events.HandoverRejected;
import io.baton.events.HandoverStarted;
import io.baton.events.Platform;
import io.baton.events.SendVisitorMessage;
import io.baton.events.VisitorMessage;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.junit.jupiter.api.Test;

class HandoverMetersTest {
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final HandoverMeters meters = new HandoverMeters(registry);

  @Test
  void aHandoverIsCountedOnceByOutcomeWithItsTimeToAgentAndQueueWait() {
    meters.logged(event("h1", Controller.agent, new HandoverStarted(Platform.dixa, null)), 1_000);
    meters.logged(event("h1", Controller.agent, new ChatQueued(1, null)), 1_500);
    meters.logged(event("h1", Controller.agent, new ChatQueued(2, null)), 2_000); // a position update
    meters.logged(event("h1", Controller.agent, new AgentJoined("Alex", null)), 4_000);
    meters.logged(event("h1", Controller.agent, AgentMessage.newBuilder().setText("hi").setAgentName("Alex").build()),
        4_100);
    meters.commanded(command(new SendVisitorMessage(new VisitorMessage("hello", java.util.List.of()))));
    meters.logged(event("h1", Controller.agent, new ChatEnded(EndedBy.visitor, null)), 9_000);

    for (String outcome : new String[] {"requested", "queued", "agent_joined", "ended"}) {
      assertEquals(1, count("baton.handovers", "outcome", outcome), outcome);
    }
    assertEquals(1, count("baton.handovers.ended", "ended_by", "visitor"));
    assertEquals(1, count("baton.messages.relayed", "direction", "agent_to_visitor"));
    assertEquals(1, count("baton.messages.relayed", "direction", "visitor_to_agent"));
    Timer toAgent = registry.get("baton.handover.time.to.agent").tags("service", "router", "platform", "dixa").timer();
    assertEquals(1, toAgent.count());
    assertEquals(3_000, toAgent.totalTime(TimeUnit.MILLISECONDS));
    Timer queue = registry.get("baton.handover.queue.wait").tags("platform", "dixa").timer();
    assertEquals(1, queue.count());
    assertEquals(2_500, queue.totalTime(TimeUnit.MILLISECONDS)); // from the first queueing
  }

  @Test
  void failuresAreClassedByWhoReportedThemAndRejectionsCounted() {
    meters.logged(event(null, Controller.bot, new HandoverFailed("no connector for gorgias has run")), 1);
    meters.logged(event(null, Controller.bot, new HandoverFailed("outside business hours (Mon-Fri 9-17)")), 2);
    meters.logged(event("h2", Controller.agent, new HandoverStarted(Platform.zendesk_sunco, null)), 3);
    meters.logged(event("h2", Controller.agent, new HandoverFailed("the platform answered 400")), 4);
    meters.logged(event("h3", Controller.agent, new HandoverRejected("a handover is live")), 5);

    assertEquals(1, registry.get("baton.handovers.failed").tags("platform", "none", "reason", "no_connector")
        .counter().count());
    assertEquals(1, registry.get("baton.handovers.failed").tags("platform", "none", "reason", "outside_hours")
        .counter().count());
    assertEquals(1, registry.get("baton.handovers.failed").tags("platform", "zendesk_sunco", "reason", "platform")
        .counter().count());
    assertEquals(3, count("baton.handovers", "outcome", "failed"));
    assertEquals(1, count("baton.handovers", "outcome", "rejected"));
    assertNull(registry.find("baton.handover.time.to.agent").timer(), "no agent joined");
  }

  @Test
  void anAgentJoiningAHandoverStartedBeforeARestartCountsWithoutATime() {
    meters.logged(event("h4", Controller.agent, new AgentJoined("Alex", null)), 10);
    assertEquals(1, count("baton.handovers", "outcome", "agent_joined"));
    assertNull(registry.find("baton.handover.time.to.agent").timer());
  }

  private double count(String name, String key, String value) {
    return registry.find(name).tags(key, value).counters().stream().mapToDouble(c -> c.count()).sum();
  }

  private static ConversationEvent event(String handover, Controller controller, SpecificRecord body) {
    Platform platform = body instanceof HandoverStarted s ? s.getPlatform() : handover == null ? null : Platform.dixa;
    if ("h2".equals(handover)) {
      platform = Platform.zendesk_sunco;
    }
    return ConversationEvent.newBuilder().setEventId("e").setOccurredAt(Instant.EPOCH).setTenant("t")
        .setConversationId("c").setSequence(1).setCausationId("x").setController(controller)
        .setStatus(ConversationStatus.queued).setHandoverId(handover).setPlatform(platform).setBody(body).build();
  }

  private static ConnectorCommand command(SpecificRecord body) {
    return ConnectorCommand.newBuilder().setEventId("c1").setOccurredAt(Instant.EPOCH).setTenant("t")
        .setConversationId("c").setPlatform(Platform.dixa).setHandoverId("h1").setCausationId("x").setBody(body)
        .setSequence(1).build();
  }
}
