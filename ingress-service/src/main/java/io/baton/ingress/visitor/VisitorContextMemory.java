package io.baton.ingress.visitor;

import io.baton.events.ConversationEvent;
import io.baton.events.VisitorContext;
import io.baton.events.VisitorMessage;
import io.baton.topics.ConversationKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What this ingress instance learned about each conversation's visitor, so a handover request can fill
 * {{placeholders}} from it: the contexts widgets sent through this instance, and every visitor message's context in
 * the conversation log (which every instance reads whole), so it also knows what arrived through another instance or
 * from a channel's connector (a Chat2Desk visitor's channel variables). Bounded: the least recently used
 * conversations are forgotten first.
 */
public final class VisitorContextMemory {
  private final Map<String, VisitorContext> contexts;

  public VisitorContextMemory(int capacity) {
    this.contexts = new LinkedHashMap<>(1024, 0.75f, true) {
      @Override
      protected boolean removeEldestEntry(Map.Entry<String, VisitorContext> eldest) {
        return size() > capacity;
      }
    };
  }

  /** The remembered context, or null. */
  public synchronized VisitorContext get(ConversationKey key) {
    return contexts.get(key.toString());
  }

  /** Merges {@code update} over what is remembered and keeps the result. */
  public synchronized VisitorContext remember(ConversationKey key, VisitorContext update) {
    VisitorContext merged = VisitorContexts.merge(contexts.get(key.toString()), update);
    contexts.put(key.toString(), merged);
    return merged;
  }

  /** Learns the context of the visitor messages among {@code events} (read from the conversation log). */
  public void learn(List<ConversationEvent> events) {
    for (ConversationEvent e : events) {
      if (e.getBody() instanceof VisitorMessage && e.getContext() != null
          && ConversationKey.isValidPart(e.getTenant()) && ConversationKey.isValidPart(e.getConversationId())) {
        remember(new ConversationKey(e.getTenant(), e.getConversationId()), e.getContext());
      }
    }
  }

  public synchronized int size() {
    return contexts.size();
  }
}
