package io.baton.connector.zendesk.support;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TicketLinkCodecTest {
  final TicketLinkCodec codec = new TicketLinkCodec();

  @Test
  void aTicketWithPendingLinesSurvivesTheLinkAndItsBatchIsLookedForAfterARestart() {
    SupportTicket t = new SupportTicket("conn-1");
    t.step = SupportTicket.Step.DONE;
    t.ticketId = 42;
    t.requesterId = 7;
    t.cursor = 100;
    t.lastVisitorComment = 99;
    t.agentId = 8;
    t.agentName = "Alex";
    t.assigned = true;
    t.adopted = true;
    t.pending.add(new SupportTicket.Line("cmd-2", "second, with \"quotes\"\nand a newline",
        List.of(new SupportTicket.File("http://files/a.png", "a.png", "image/png"))));
    t.delivered.add("cmd-1");
    t.updates.add(1_000L);

    SupportTicket back = codec.decode(1, codec.encode(t));

    assertEquals(SupportTicket.Step.DONE, back.step);
    assertEquals(42, back.ticketId);
    assertEquals(7, back.requesterId);
    assertEquals(100, back.cursor);
    assertEquals(99, back.lastVisitorComment);
    assertEquals(8, back.agentId);
    assertEquals("Alex", back.agentName);
    assertTrue(back.assigned);
    assertTrue(back.adopted);
    assertEquals(t.pending, back.pending);
    assertEquals(List.of(1_000L), back.updates);
    assertTrue(back.known("cmd-1"));
    assertTrue(back.known("cmd-2"));
    assertFalse(back.known("cmd-3"));
    assertTrue(back.uncertain, "a batch may have gone out before the restart");
  }

  @Test
  void aLinkWithoutPendingLinesSendsTheNextBatchWithoutLooking() {
    SupportTicket t = new SupportTicket("conn-1");
    SupportTicket back = codec.decode(1, codec.encode(t));
    assertEquals(SupportTicket.Step.NEW, back.step);
    assertEquals(-1, back.ticketId);
    assertFalse(back.uncertain);
  }

  @Test
  void anUnreadableLinkSaysWhatIsWrong() {
    assertEquals("the link has no 'connection'",
        assertThrows(IllegalArgumentException.class, () -> codec.decode(1, Map.of())).getMessage());
    assertTrue(assertThrows(IllegalArgumentException.class,
        () -> codec.decode(1, Map.of("connection", "c", "pending", "{"))).getMessage().contains("pending lines"));
  }

  @Test
  void theUpdateBudgetKeepsThirtyUpdatesOfATicketInTenMinutesAndAHundredOfAnAccountInAMinute() {
    UpdateBudget budget = new UpdateBudget(UpdateBudget.PER_TICKET, UpdateBudget.PER_ACCOUNT);
    SupportTicket t = new SupportTicket("c");
    long now = 10_000_000L;
    for (int i = 0; i < 15; i++) {
      assertEquals(Duration.ZERO, budget.ticketWait(t, now + i));
      UpdateBudget.updated(t, now + i);
    }
    // Half spent: paced to one update per 20 seconds.
    assertEquals(Duration.ofMillis(20_000 - 1), budget.ticketWait(t, now + 15));
    for (int i = 15; i < 30; i++) {
      UpdateBudget.updated(t, now + i);
    }
    assertEquals(Duration.ofMillis(Duration.ofMinutes(10).toMillis() + 1), budget.ticketWait(t, now));
    assertEquals(Duration.ZERO, budget.ticketWait(t, now + Duration.ofMinutes(10).toMillis() + 1));
    for (int i = 0; i < 100; i++) {
      assertEquals(Duration.ZERO, budget.takeAccount("c", now));
    }
    assertEquals(Duration.ofMillis(60_001), budget.takeAccount("c", now));
    assertEquals(Duration.ZERO, budget.takeAccount("other", now));
  }
}
