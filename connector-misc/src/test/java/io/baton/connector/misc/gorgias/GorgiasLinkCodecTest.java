package io.baton.connector.misc.gorgias;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class GorgiasLinkCodecTest {
  final GorgiasLinkCodec codec = new GorgiasLinkCodec();

  @Test
  void aLiveChatReadsBackAsItWasAndUnsureOfItsLastSend() {
    GorgiasChat chat = new GorgiasChat("c1");
    chat.step = GorgiasChat.Step.LIVE;
    chat.customerId = "7";
    chat.ticketId = "42";
    chat.cursor = 1003;
    chat.agentId = "5";
    chat.agentName = "Alex";
    chat.assignments = 2;
    Map<String, String> state = codec.encode(chat);
    assertEquals(Map.of("connection", "c1", "step", "LIVE", "customerId", "7", "ticketId", "42", "cursor", "1003",
        "agentId", "5", "agentName", "Alex", "assignments", "2"), state);
    GorgiasChat back = codec.decode(1, state);
    assertEquals(codec.encode(chat), codec.encode(back));
    assertTrue(back.unsure);
  }

  @Test
  void aLinkThatCannotBeReadSaysWhy() {
    assertEquals("the link has no 'connection'",
        assertThrows(IllegalArgumentException.class, () -> codec.decode(1, Map.of("step", "NEW"))).getMessage());
    assertEquals("the link's chat has a ticket step but no 'ticketId'", assertThrows(IllegalArgumentException.class,
        () -> codec.decode(1, Map.of("connection", "c1", "step", "LIVE"))).getMessage());
    assertEquals("the link's 'cursor' is not a number: x", assertThrows(IllegalArgumentException.class,
        () -> codec.decode(1, Map.of("connection", "c1", "cursor", "x"))).getMessage());
  }
}
