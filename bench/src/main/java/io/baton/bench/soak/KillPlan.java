package io.baton.bench.soak;

import java.util.ArrayList;
import java.util.List;

/**
 * Which instance dies when, in turn: each step SIGKILLs one instance and starts it again at once, at even spacing
 * over the traffic. A step {@code ingress-0:halt-after-kafka-ack} starts that ingress again with the test-only
 * crash point, so it halts right after Kafka acknowledges the first message it takes, before answering.
 */
public record KillPlan(List<Step> steps) {
  public static final String HALT_AFTER_ACK = "halt-after-kafka-ack";

  public record Step(String instance, boolean haltAfterAck) {
    @Override
    public String toString() {
      return instance + (haltAfterAck ? ":" + HALT_AFTER_ACK : "");
    }
  }

  /** Parses {@code router-0,ingress-0,...,ingress-0:halt-after-kafka-ack}. */
  public static KillPlan parse(String text) {
    List<Step> steps = new ArrayList<>();
    for (String s : text.split(",")) {
      String t = s.trim();
      if (t.isEmpty()) {
        continue;
      }
      int colon = t.indexOf(':');
      if (colon >= 0 && !t.substring(colon + 1).equals(HALT_AFTER_ACK)) {
        throw new IllegalArgumentException("a kill step is <instance> or <instance>:" + HALT_AFTER_ACK + ": " + t);
      }
      steps.add(new Step(colon < 0 ? t : t.substring(0, colon), colon >= 0));
    }
    return new KillPlan(List.copyOf(steps));
  }

  /**
   * Each of the two instances of the router, the ingress and every connector host {@code platforms} need, in turn,
   * then an ingress halted right after Kafka's ack.
   */
  public static KillPlan everyInstanceInTurn(List<SoakPlatform> platforms) {
    List<String> services = new ArrayList<>(List.of("router", "ingress"));
    platforms.stream().map(p -> p.host.label).distinct().forEach(services::add);
    List<String> steps = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      for (String s : services) {
        steps.add(s + "-" + i);
      }
    }
    steps.add("ingress-0:" + HALT_AFTER_ACK);
    return parse(String.join(",", steps));
  }
}
