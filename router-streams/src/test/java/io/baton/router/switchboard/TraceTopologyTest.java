package io.baton.router.switchboard;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.baton.events.VisitorEvent;
import io.baton.events.VisitorMessage;
import io.baton.topics.ConversationInputs;
import io.baton.trace.TraceHeaders;
import io.baton.trace.TraceParent;
import java.util.ArrayList;
import java.util.List;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.Test;

/** The trace headers of the router's outputs: the input's trace, a span derived from the input, the same on a replay. */
class TraceTopologyTest {
  private static final TraceParent VISITOR = TraceParent.parse(
      "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01").orElseThrow();
  private static final String STATE = "congo=t61rcWkgMzE";

  /** The trace headers (traceparent, tracestate) of every output record of a handover, log first, then commands. */
  private static List<String> outputHeadersOfAHandover(boolean traced) {
    try (SwitchboardDriver d = new SwitchboardDriver()) {
      Headers headers = new RecordHeaders();
      if (traced) {
        TraceHeaders.write(headers, VISITOR, STATE);
      }
      pipe(d, SwitchboardDriver.handoverRequest("h1").build(), headers);
      pipe(d, VisitorEvent.newBuilder().setEventId("v1").setOccurredAt(d.now()).setTenant("acme")
          .setConversationId("c-1").setBody(VisitorMessage.newBuilder().setText("hello").build()).build(), headers);
      List<String> out = new ArrayList<>();
      d.log.readRecordsToList().forEach(r -> out.add(describe(r.headers())));
      d.salesforce.readRecordsToList().forEach(r -> out.add(describe(r.headers())));
      return out;
    }
  }

  private static void pipe(SwitchboardDriver d, SpecificRecord input, Headers headers) {
    d.inputs.pipeInput(new TestRecord<>(SwitchboardDriver.KEY, ConversationInputs.of(input), headers, d.tick()));
  }

  private static String describe(Headers headers) {
    return TraceHeaders.parent(headers).orElseThrow() + " " + TraceHeaders.state(headers);
  }

  @Test
  void outputsContinueTheInputsTraceWithASpanDerivedFromTheInput() {
    List<String> outputs = outputHeadersOfAHandover(true);
    // logged: handover started, visitor message (held until an agent joins); commanded: start chat
    String handoverSpan = VISITOR.derivedChild(SwitchboardDriver.KEY + "#h1") + " " + STATE;
    String messageSpan = VISITOR.derivedChild(SwitchboardDriver.KEY + "#v1") + " " + STATE;
    assertEquals(List.of(handoverSpan, messageSpan, handoverSpan), outputs);
    assertNotEquals(VISITOR.parentId(), VISITOR.derivedChild(SwitchboardDriver.KEY + "#h1").parentId());
  }

  @Test
  void theSameInputsGiveTheSameHeadersOnAReplay() {
    assertEquals(outputHeadersOfAHandover(true), outputHeadersOfAHandover(true));
    assertEquals(outputHeadersOfAHandover(false), outputHeadersOfAHandover(false));
  }

  @Test
  void anInputWithoutATraceGetsATraceDerivedFromTheConversationAndInput() {
    List<String> outputs = outputHeadersOfAHandover(false);
    String handoverTrace = TraceParent.derived(SwitchboardDriver.KEY + "#h1") + " null";
    assertEquals(handoverTrace, outputs.get(0));
    assertNotEquals(VISITOR.traceId(), TraceParent.parse(outputs.get(0).split(" ")[0]).orElseThrow().traceId());
    assertNull(TraceHeaders.state(new RecordHeaders()));
  }
}
