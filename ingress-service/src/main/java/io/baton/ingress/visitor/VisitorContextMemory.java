package io.baton.ingress.visitor;

import io.baton.events.VisitorContext;
import io.baton.topics.ConversationKey;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What this ingress instance learned about each conversation's visitor from the contexts widgets sent, so a handover
 * request can fill {{placeholders}} from it. Bounded: the least recently used conversations are forgotten first.
 * Per instance and in memory for now; it becomes a table built from conversation.inputs.v1 so every instance knows it.
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

  public synchronized int size() {
    return contexts.size();
  }
}
