package io.baton.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;
import org.slf4j.MDC;

class TraceParentTest {
  private static final String VALID = "00-4bf92f3577b34da6a3ce929d0e0e4736-00f067aa0ba902b7-01";

  @Test
  void parsesTheSpecificationsExampleAndFormatsItBack() {
    TraceParent parent = TraceParent.parse(VALID).orElseThrow();
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", parent.traceId());
    assertEquals("00f067aa0ba902b7", parent.parentId());
    assertEquals("01", parent.flags());
    assertEquals(VALID, parent.toString());
    assertEquals(Optional.of(parent), TraceParent.parse("  " + VALID + " "));
  }

  @Test
  void refusesWhatTheSpecificationCallsInvalid() {
    for (String invalid : new String[] {null, "", "garbage", VALID.toUpperCase(), VALID.substring(1),
        VALID + "-extra", // version 00 has exactly four fields
        "ff" + VALID.substring(2), // version ff is forbidden
        "00-00000000000000000000000000000000-00f067aa0ba902b7-01", // all-zero trace id
        "00-4bf92f3577b34da6a3ce929d0e0e4736-0000000000000000-01", // all-zero parent id
        "00-4bf92f3577b34da6a3ce929d0e0e473-00f067aa0ba902b7-01",
        "00_4bf92f3577b34da6a3ce929d0e0e4736_00f067aa0ba902b7_01",
        "cc" + VALID.substring(2) + "x"}) { // a later version must still have '-' after the four fields
      assertEquals(Optional.empty(), TraceParent.parse(invalid), String.valueOf(invalid));
    }
  }

  @Test
  void readsALaterVersionByItsFirstFourFieldsAndWritesVersion00() {
    TraceParent parent = TraceParent.parse("cc" + VALID.substring(2) + "-what-comes-later").orElseThrow();
    assertEquals(VALID, parent.toString());
  }

  @Test
  void aChildKeepsTheTraceAndFlagsWithANewSpan() {
    TraceParent parent = TraceParent.parse(VALID).orElseThrow();
    TraceParent child = parent.child();
    assertEquals(parent.traceId(), child.traceId());
    assertEquals(parent.flags(), child.flags());
    assertNotEquals(parent.parentId(), child.parentId());
    assertTrue(TraceParent.parse(child.toString()).isPresent());
  }

  @Test
  void continuesAValidHeaderAndStartsANewTraceOtherwise() {
    assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", TraceParent.continueOrStart(VALID).traceId());
    TraceParent fresh = TraceParent.continueOrStart("00-zz");
    assertNotEquals("4bf92f3577b34da6a3ce929d0e0e4736", fresh.traceId());
    assertEquals("01", fresh.flags());
    assertNotEquals(fresh.traceId(), TraceParent.start().traceId());
  }

  @Test
  void derivedIdsAreAFunctionOfTheSeed() {
    TraceParent parent = TraceParent.parse(VALID).orElseThrow();
    assertEquals(parent.derivedChild("inputs/3/17"), parent.derivedChild("inputs/3/17"));
    assertNotEquals(parent.derivedChild("inputs/3/17").parentId(), parent.derivedChild("inputs/3/18").parentId());
    assertEquals(parent.traceId(), parent.derivedChild("x").traceId());
    assertEquals(TraceParent.derived("acme/c1#e1"), TraceParent.derived("acme/c1#e1"));
    assertNotEquals(TraceParent.derived("acme/c1#e1").traceId(), TraceParent.derived("acme/c1#e2").traceId());
  }

  @Test
  void kafkaHeadersCarryTheParentAndTheStateUntouched() {
    var headers = new RecordHeaders();
    assertEquals(Optional.empty(), TraceHeaders.parent(headers));
    headers.add("traceparent", "nonsense".getBytes());
    assertEquals(Optional.empty(), TraceHeaders.parent(headers));
    TraceParent parent = TraceParent.parse(VALID).orElseThrow();
    TraceHeaders.write(headers, parent, "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7");
    assertEquals(Optional.of(parent), TraceHeaders.parent(headers));
    assertEquals("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7", TraceHeaders.state(headers));
    assertEquals(1, headers.toArray().length - 1); // one traceparent, one tracestate
    TraceHeaders.write(headers, parent.child(), null);
    assertNull(TraceHeaders.state(headers));
  }

  @Test
  void theLogContextIsRestoredWhenClosed() {
    MDC.put(TraceLogContext.CONVERSATION, "outer/c");
    try (var context = TraceLogContext.open("acme/c1", TraceParent.parse(VALID).orElseThrow())) {
      assertEquals("acme/c1", MDC.get(TraceLogContext.CONVERSATION));
      assertEquals("4bf92f3577b34da6a3ce929d0e0e4736", MDC.get(TraceLogContext.TRACE_ID));
      assertEquals("00f067aa0ba902b7", MDC.get(TraceLogContext.SPAN_ID));
    }
    assertEquals("outer/c", MDC.get(TraceLogContext.CONVERSATION));
    assertNull(MDC.get(TraceLogContext.TRACE_ID));
    MDC.clear();
  }
}
