package io.baton.router.switchboard;

import io.baton.trace.TraceHeaders;
import io.baton.trace.TraceParent;
import java.util.Optional;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Record;

/**
 * The trace context of what the router writes for one input: the input's trace, with the router's span id derived
 * from the conversation and the input's event id (a trace of its own, derived the same way, when the input carried
 * none), and the input's {@code tracestate} untouched. Derived, not random, so a replay after a crash writes the same
 * headers as the aborted transaction did.
 */
record OutputTrace(TraceParent parent, String state) {
  static OutputTrace of(Record<String, ?> input, String inputId) {
    String seed = input.key() + "#" + inputId;
    Optional<TraceParent> received = TraceHeaders.parent(input.headers());
    return received.map(p -> new OutputTrace(p.derivedChild(seed), TraceHeaders.state(input.headers())))
        .orElseGet(() -> new OutputTrace(TraceParent.derived(seed), null));
  }

  /** Fresh headers for one output record. */
  Headers headers() {
    return TraceHeaders.write(new RecordHeaders(), parent, state);
  }
}
