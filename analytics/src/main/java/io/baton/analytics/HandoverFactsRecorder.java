package io.baton.analytics;

import io.baton.events.ConversationEvent;
import io.baton.events.HandoverFacts;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Follows each conversation's live handover through the log (store {@value #STORE}, by conversation key, while the
 * handover lasts) and writes its facts, keyed by handover id, at each milestone.
 */
final class HandoverFactsRecorder implements Processor<String, ConversationEvent, String, HandoverFacts> {
  static final String STORE = "live-handovers";
  private ProcessorContext<String, HandoverFacts> context;
  private KeyValueStore<String, HandoverFacts> live;

  @Override
  public void init(ProcessorContext<String, HandoverFacts> context) {
    this.context = context;
    this.live = context.getStateStore(STORE);
  }

  @Override
  public void process(Record<String, ConversationEvent> record) {
    ConversationEvent event = record.value();
    if (record.key() == null || event == null) {
      return;
    }
    HandoverFacts known = live.get(record.key());
    if (known != null && event.getSequence() <= known.getLogSequence()) {
      return; // a repeat: the facts include it already
    }
    HandoverProgress.Step step = HandoverProgress.apply(known, event);
    if (step == null) {
      return;
    }
    if (step.over()) {
      if (known != null && known.getHandoverId().equals(step.facts().getHandoverId())) {
        live.delete(record.key());
      }
    } else {
      live.put(record.key(), step.facts());
    }
    if (step.milestone()) {
      context.forward(new Record<>(step.facts().getHandoverId(), step.facts(), record.timestamp()));
    }
  }
}
