package io.baton.ingress.visitor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.baton.events.VisitorContext;
import io.baton.topics.ConversationKey;
import java.util.Map;
import org.junit.jupiter.api.Test;

class VisitorContextsTest {
  @Test
  void newerValuesWinAndMissingOnesAreKept() {
    VisitorContext older = VisitorContext.newBuilder().setName("Ada").setEmail("old@example.com")
        .setAttributes(Map.of("plan", "gold", "tier", "1")).setPageProperties(Map.of("url", "https://a")).build();
    VisitorContext newer = VisitorContext.newBuilder().setEmail("new@example.com")
        .setAttributes(Map.of("tier", "2")).setPageProperties(Map.of("screenRes", "1x1")).build();
    assertEquals(VisitorContext.newBuilder().setName("Ada").setEmail("new@example.com")
        .setAttributes(Map.of("plan", "gold", "tier", "2"))
        .setPageProperties(Map.of("url", "https://a", "screenRes", "1x1")).build(),
        VisitorContexts.merge(older, newer));
    assertEquals(older, VisitorContexts.merge(older, null));
    assertEquals(VisitorContexts.empty(), VisitorContexts.merge(null, null));
  }

  @Test
  void theMemoryForgetsTheLeastRecentlyUsedConversation() {
    VisitorContextMemory memory = new VisitorContextMemory(2);
    ConversationKey a = new ConversationKey("t", "a");
    ConversationKey b = new ConversationKey("t", "b");
    ConversationKey c = new ConversationKey("t", "c");
    memory.remember(a, VisitorContext.newBuilder().setName("A").build());
    memory.remember(b, VisitorContext.newBuilder().setName("B").build());
    memory.get(a);
    memory.remember(c, VisitorContext.newBuilder().setName("C").build());
    assertEquals("A", memory.get(a).getName());
    assertNull(memory.get(b));
    assertEquals(2, memory.size());
  }
}
