package io.baton.router.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.events.Controller;
import io.baton.events.ConversationStatus;
import io.baton.events.DixaHandover;
import io.baton.events.HandoverFailed;
import io.baton.events.HandoverRejected;
import io.baton.events.HandoverStarted;
import io.baton.events.Platform;
import io.baton.events.StartChat;
import io.baton.router.switchboard.SwitchboardDriver.Logged;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A handover the ingress stamped with {@code noConnector} (no connector of its platform was running): it fails at once
 * with that reason and the bot keeps control; no command is sent, so a connector that starts later opens no chat.
 */
class NoConnectorTopologyTest {
  private static final String REASON = "no connector for salesforce is running (last seen 2026-11-21T09:58:10Z)";
  private final SwitchboardDriver d = new SwitchboardDriver();

  @AfterEach
  void stop() {
    d.close();
  }

  @Test
  void aStampedHandoverFailsAtOnceWithTheReasonAndSendsNoCommand() {
    d.botSays("b1", "Let me get you a human");
    d.drain();

    d.send(SwitchboardDriver.handoverRequest("h1").setNoConnector(REASON).build());

    assertEquals(List.of(new Logged(2, "h1", Controller.bot, ConversationStatus.bot, new HandoverFailed(REASON))),
        d.logged());
    assertTrue(d.salesforce.isEmpty());
    assertEquals(Controller.bot, d.state().getController());
    assertEquals(null, d.state().getHandoverId());

    d.botSays("b2", "Nobody is there right now, sorry"); // the bot still has the conversation
    assertEquals(1, d.logged().size());
    d.handover("h2"); // once a connector runs, the next request goes through as ever
    assertEquals(List.of(new Logged(4, "h2", Controller.agent, ConversationStatus.handover_requested,
        new HandoverStarted(Platform.salesforce, null))), d.logged());
    assertTrue(d.salesforce.readValue().getBody() instanceof StartChat);
  }

  @Test
  void aMalformedRequestIsStillRejectedRatherThanFailed() {
    d.send(SwitchboardDriver.handoverRequest("h1").setNoConnector(REASON)
        .setPayload(DixaHandover.newBuilder().setWidgetId("w-1").build()).build());
    assertEquals(List.of(new Logged(1, "h1", Controller.bot, ConversationStatus.bot,
        new HandoverRejected("the payload is a DixaHandover, not one for salesforce"))), d.logged());
  }
}
