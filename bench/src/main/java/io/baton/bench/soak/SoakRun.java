package io.baton.bench.soak;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The traffic and the kills: per conversation a visitor and an agent, each on a fixed schedule (a late answer does
 * not shift the sends after it), and on this thread the kill plan's steps at even spacing. The crash-point ingress
 * may come up after the traffic's last message on a loaded machine: then more visitor messages (counted like the
 * rest) go to it until it halts.
 */
final class SoakRun {
  /** One kill: which instance, when, and which conversations it could hold up. */
  record Kill(KillPlan.Step step, Instant at, Duration intoTraffic, List<SoakConversation> affected) {}

  /** At most this many visitor messages after the traffic, waiting for the crash-point ingress to halt. */
  private static final int LATE_LIMIT = 40;

  final SoakFleet fleet;
  final SoakAgents agents;
  final BotPoster bot;
  final List<SoakConversation> conversations;
  final Soak.Settings settings;
  final List<Kill> kills = new CopyOnWriteArrayList<>();
  final List<String> failures = new CopyOnWriteArrayList<>();
  /** The crash-point ingress's exit code (137 when it halted after an ack), null if no such step ran. */
  Integer haltExit;
  int lateMessages;

  SoakRun(SoakFleet fleet, SoakAgents agents, BotPoster bot, List<SoakConversation> conversations,
      Soak.Settings settings) {
    this.fleet = fleet;
    this.agents = agents;
    this.bot = bot;
    this.conversations = conversations;
    this.settings = settings;
  }

  void traffic() throws Exception {
    long start = System.nanoTime();
    long end = start + settings.traffic().toNanos();
    List<Thread> senders = new ArrayList<>();
    for (SoakConversation c : conversations) {
      long gap = (long) (1e9 / c.rate);
      senders.add(sender("visitor-" + c.id, start, gap, end, () -> c.visitorSays(bot)));
      senders.add(sender("agent-" + c.id, start + gap / 2, gap, end, () -> c.agentSays(agents)));
    }
    List<KillPlan.Step> steps = settings.kills().steps();
    long spacing = settings.traffic().toNanos() / (steps.size() + 1);
    AtomicReference<SoakFleet.Instance> halting = new AtomicReference<>();
    for (int k = 0; k < steps.size(); k++) {
      KillPlan.Step step = steps.get(k);
      Soak.pace(start + (k + 1) * spacing);
      endHalt(halting, true);
      SoakFleet.Instance instance = fleet.instance(step.instance());
      Instant at = Instant.now();
      instance.killAndRestart(step.haltAfterAck()
          ? Map.of("BATON_TEST_CRASH_AFTER_ACK", KillPlan.HALT_AFTER_ACK) : Map.of());
      if (step.haltAfterAck()) {
        halting.set(instance);
      }
      kills.add(new Kill(step, at, Duration.ofNanos(System.nanoTime() - start), affected(instance)));
      System.err.printf("soak: %s killed and started again at %.1f s%n", step, (System.nanoTime() - start) / 1e9);
    }
    for (Thread t : senders) {
      t.join(settings.traffic().toMillis() + settings.patience().toMillis());
    }
    lateUntilHalted(halting);
    if (!failures.isEmpty()) {
      throw new IllegalStateException("senders failed: " + failures);
    }
  }

  /**
   * The crash-point ingress: once it halted, its exit code is noted and (between steps) it is started again as
   * usual, so the next steps kill a whole fleet.
   */
  private void endHalt(AtomicReference<SoakFleet.Instance> halting, boolean restart) throws Exception {
    SoakFleet.Instance instance = halting.get();
    if (instance != null && !instance.jvm().alive()) {
      haltExit = instance.jvm().exitCode();
      halting.set(null);
      if (restart) {
        instance.killAndRestart(Map.of());
      }
    }
  }

  private void lateUntilHalted(AtomicReference<SoakFleet.Instance> halting) throws Exception {
    SoakFleet.Instance instance = halting.get();
    if (instance == null) {
      return;
    }
    int port = fleet.ingressPort(instance.index);
    Soak.await(settings.patience(), "the crash-point ingress listens or halted",
        () -> !instance.jvm().alive() || bot.listening(port));
    SoakConversation c = conversations.stream().filter(x -> x.preferredIngress == instance.index).findFirst()
        .orElseThrow();
    while (instance.jvm().alive() && lateMessages < LATE_LIMIT) {
      c.visitorSays(bot); // it tries that instance first
      lateMessages++;
      Soak.pause(Duration.ofMillis(250));
    }
    haltExit = instance.jvm().awaitExit(Duration.ofSeconds(5));
    halting.set(null);
  }

  private List<SoakConversation> affected(SoakFleet.Instance instance) {
    return conversations.stream().filter(c -> instance.service.carriesAll || c.platform.host == instance.service)
        .toList();
  }

  private Thread sender(String name, long first, long gap, long end, Runnable send) {
    Thread t = new Thread(() -> {
      try {
        for (long at = first; at < end; at += gap) {
          Soak.pace(at);
          send.run();
        }
      } catch (RuntimeException e) {
        failures.add(name + ": " + e.getMessage());
      }
    }, name);
    t.setDaemon(true);
    t.start();
    return t;
  }
}
