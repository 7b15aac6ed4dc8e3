package io.baton.analytics.transcript;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.analytics.ConversationLogScript;
import io.baton.events.AgentJoined;
import io.baton.events.AgentLeft;
import io.baton.events.AgentMessage;
import io.baton.events.AgentTyping;
import io.baton.events.Attachment;
import io.baton.events.BotMessage;
import io.baton.events.ChatEnded;
import io.baton.events.ChatQueued;
import io.baton.events.ChatTransferred;
import io.baton.events.ControlReturnedToBot;
import io.baton.events.EndedBy;
import io.baton.events.HandoverFailed;
import io.baton.events.HandoverRejected;
import io.baton.events.HandoverStarted;
import io.baton.events.InputRejected;
import io.baton.events.Platform;
import io.baton.events.QuickReply;
import io.baton.events.VisitorLeft;
import io.baton.events.VisitorMessage;
import io.baton.events.VisitorRead;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptRenderingTest {
  private static final Instant T0 = Instant.parse("2026-11-29T23:59:00Z");

  private static Instant at(int seconds) {
    return T0.plusSeconds(seconds);
  }

  private static String render(ConversationLogScript script, ZoneId zone) {
    TranscriptRendering rendering = new TranscriptRendering(zone);
    List<String> lines = new ArrayList<>();
    script.events().forEach(e -> lines.addAll(rendering.lines(e)));
    return String.join("\n", lines) + "\n";
  }

  @Test
  void aServedHandoverReadsAsWhoSaidWhatWhenWithTheQueueWaitAndOutcome() {
    ConversationLogScript c = new ConversationLogScript("acme", "c1");
    c.at(at(0), "v1", VisitorMessage.newBuilder().setText("hello").build());
    c.at(at(1), "b1", BotMessage.newBuilder().setText("Hi! How can I help?")
        .setQuickReplies(List.of(new QuickReply("Talk to a human", "human"), new QuickReply("Dixa", "dixa"))).build());
    c.at(at(5), "v2", new VisitorRead(2L));
    c.at(at(10), "h1", HandoverStarted.newBuilder().setPlatform(Platform.dixa).setConnectionId("dixa-1").build());
    c.at(at(12), "a1", ChatQueued.newBuilder().setPosition(3).setEstimatedWaitSeconds(90).build());
    c.at(at(15), "b2", new InputRejected("BotMessage", "an agent is in control (handover h1)"));
    c.at(at(40), "a2", AgentJoined.newBuilder().setAgentName("Alex").build());
    c.at(at(41), "a3", new AgentTyping(true));
    c.at(at(45), "a4", AgentMessage.newBuilder().setText("Hello, I'm Alex.\nHow can I help?").build());
    c.at(at(50), "v3", VisitorMessage.newBuilder().setText("my invoice")
        .setAttachments(List.of(new Attachment("https://files/x.pdf", "x.pdf", "application/pdf", 10L))).build());
    c.at(at(70), "a5", ChatTransferred.newBuilder().setAgentName("Kim").build());
    c.at(at(75), "a6", AgentMessage.newBuilder().setText("Kim here.").setAgentName("Kim").build());
    c.at(at(80), "a7", new AgentLeft("Kim"));
    c.at(at(90), "a8", AgentJoined.newBuilder().setAgentName("Sam").build());
    c.at(at(130), "a9", ChatEnded.newBuilder().setEndedBy(EndedBy.agent).build());
    c.backToBot(at(130), "a9", new ControlReturnedToBot("the chat ended"));

    assertEquals("""
        --- 2026-11-29 ---
        23:59:00  visitor: hello
        23:59:01  bot: Hi! How can I help? [Talk to a human] [Dixa]
        23:59:10  * handover requested: dixa (connection dixa-1)
        23:59:12  * queued: position 3, estimated wait 1 min 30 s
        23:59:15  * BotMessage not accepted: an agent is in control (handover h1)
        23:59:40  * Alex joined after 30 s in the queue
        23:59:45  Alex: Hello, I'm Alex.
                  How can I help?
        23:59:50  visitor: my invoice [file x.pdf: https://files/x.pdf]
        --- 2026-11-30 ---
        00:00:10  * transferred to Kim
        00:00:15  Kim: Kim here.
        00:00:20  * Kim left; waiting for another agent
        00:00:30  * Sam joined
        00:01:10  * chat ended by the agent
        00:01:10  * handover outcome: served, after 30 s in the queue; 1 min 30 s with an agent
        00:01:10  * back with the bot (the chat ended)
        """, render(c, ZoneId.of("UTC")));
  }

  @Test
  void timesAreInTheZoneAsked() {
    ConversationLogScript c = new ConversationLogScript("acme", "c1");
    c.at(at(0), "v1", VisitorMessage.newBuilder().setText("hello").build());
    assertEquals("--- 2026-11-30 ---\n00:59:00  visitor: hello\n", render(c, ZoneId.of("Europe/Berlin")));
  }

  @Test
  void abandonedFailedAndRejectedHandoversSaySo() {
    ConversationLogScript c = new ConversationLogScript("acme", "c2");
    c.at(at(0), "h1", HandoverStarted.newBuilder().setPlatform(Platform.salesforce).build());
    c.at(at(2), "q", ChatQueued.newBuilder().build());
    c.at(at(3), "h9", new HandoverRejected("a handover to salesforce is already live (h1)"));
    c.at(at(125), "v", new VisitorLeft(null));
    c.at(at(125), "v", ChatEnded.newBuilder().setEndedBy(EndedBy.visitor).setReason("visitor left").build());
    c.backToBot(at(125), "v", new ControlReturnedToBot("the visitor left the chat"));
    c.at(at(130), "h2", new HandoverFailed("outside business hours (Mon-Fri 09:00-17:00)"));
    c.at(at(131), "v2", VisitorMessage.newBuilder().setText("hm").build());
    c.at(at(140), "h3", HandoverStarted.newBuilder().setPlatform(Platform.kustomer).build());
    c.at(at(141), "f", new HandoverFailed("Kustomer refused the customer: 422"));
    c.backToBot(at(141), "f", new ControlReturnedToBot("the handover failed: Kustomer refused the customer: 422"));
    c.at(at(150), "a", AgentMessage.newBuilder().setText("late").build()); // no agent known: "agent"

    assertEquals("""
        --- 2026-11-29 ---
        23:59:00  * handover requested: salesforce
        23:59:02  * queued
        23:59:03  * handover request rejected: a handover to salesforce is already live (h1)
        --- 2026-11-30 ---
        00:01:05  * the visitor left
        00:01:05  * chat ended by the visitor: visitor left
        00:01:05  * handover outcome: abandoned in the queue after 2 min 05 s
        00:01:05  * back with the bot (the visitor left the chat)
        00:01:10  * handover failed: outside business hours (Mon-Fri 09:00-17:00)
        00:01:11  visitor: hm
        00:01:20  * handover requested: kustomer
        00:01:21  * handover failed: Kustomer refused the customer: 422
        00:01:21  * back with the bot (the handover failed: Kustomer refused the customer: 422)
        00:01:30  agent: late
        """, render(c, ZoneId.of("UTC")));
  }
}
