package io.baton.bench.soak;

import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One soak conversation: a visitor (through the bot's calls to the ingress, its preferred instance first) and an
 * agent at the sandbox's desk, each sending numbered messages, and the widget following the conversation's stream.
 * What each side sent is kept with when; what the other side saw is read raw from the desk and the widget.
 */
final class SoakConversation {
  final String id;
  final SoakPlatform platform;
  /** The ingress instance its bot calls first and its widget reads from first. */
  final int preferredIngress;
  /** Messages per second each side sends. */
  final double rate;
  final List<Delivery.Line> visitorSent = new CopyOnWriteArrayList<>();
  final List<Delivery.Line> agentSent = new CopyOnWriteArrayList<>();
  private final AtomicInteger visitorNumber = new AtomicInteger();
  private final AtomicInteger agentNumber = new AtomicInteger();
  FollowingWidget widget;

  SoakConversation(String id, SoakPlatform platform, int preferredIngress, double rate) {
    this.id = id;
    this.platform = platform;
    this.preferredIngress = preferredIngress;
    this.rate = rate;
  }

  String handoverPayload() {
    return platform.handoverPayload(id);
  }

  /** The conversation a desk's visitor name is (most show the name, Dixa the email), else null. */
  static String ofVisitorName(String name, String prefix) {
    if (name == null || !name.startsWith(prefix)) {
      return null;
    }
    int at = name.indexOf('@');
    return at < 0 ? name : name.substring(0, at);
  }

  String visitorPrefix() {
    return id + " v ";
  }

  /** The visitor's next message, sent until an ingress takes it (the same Idempotency-Key on each instance). */
  void visitorSays(BotPoster bot) {
    int n = visitorNumber.getAndIncrement();
    String text = visitorPrefix() + n;
    Instant at = Instant.now();
    bot.post(preferredIngress, "/v1/conversations/" + id + "/messages", "{\"text\":\"" + text + "\"}",
        "soak-" + id + "-" + n);
    visitorSent.add(new Delivery.Line(text, at));
  }

  void agentSays(SoakAgents agents) {
    String text = id + " a " + agentNumber.getAndIncrement();
    Instant at = Instant.now();
    agents.say(id, text);
    agentSent.add(new Delivery.Line(text, at));
  }

  List<Delivery.Line> agentSaw(SoakAgents agents) {
    return agents.visitorLines(id, visitorPrefix());
  }

  List<Delivery.Line> widgetSaw() {
    return widget.lines("agent.message");
  }

  /** The visitor's own messages as the widget shows them back (the conversation's log, in order). */
  List<Delivery.Line> widgetEchoed() {
    return widget.lines("visitor.message");
  }

  /** Whether both sides saw the last message the other sent (order is kept, so all before it came first). */
  boolean caughtUp(SoakAgents agents) {
    return seenLast(visitorSent, agentSaw(agents)) && seenLast(agentSent, widgetSaw())
        && seenLast(visitorSent, widgetEchoed());
  }

  private static boolean seenLast(List<Delivery.Line> sent, List<Delivery.Line> seen) {
    if (sent.isEmpty()) {
      return true;
    }
    String last = sent.get(sent.size() - 1).text();
    return seen.stream().anyMatch(l -> l.text().equals(last)) && seen.size() >= sent.size();
  }
}
