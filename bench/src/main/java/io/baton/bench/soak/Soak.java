package io.baton.bench.soak;

import io.baton.sandbox.HelpdeskSandbox;
import io.baton.sandbox.SandboxConfig;
import io.baton.sandbox.dixa.DixaSimulator;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The soak: two instances of every service ({@link SoakFleet}) relay conversations on each of its platforms
 * ({@link SoakPlatform}: Live Agent, MIAW, Dixa, Kustomer, Oracle, Freshchat, Gorgias, SunCo, Zendesk Support,
 * Chat2Desk) both ways
 * at a steady rate while one instance after another is killed and started again ({@link KillPlan}). Counts what
 * people see (the agent's transcript at the sandbox, the widget's frames) and how long each kill held the affected
 * conversations up. Asserts nothing: {@link SoakOutcome} holds the counts, the suite's test and the bench read them.
 */
public final class Soak {
  /**
   * @param platforms   the helpdesks handed over to (each brings its connector host's two instances)
   * @param liveAgent   conversations on Salesforce Live Agent
   * @param dixa        conversations on Dixa (its API allows 10 calls/s per token: few, and slow)
   * @param others      conversations on each other platform
   * @param liveAgentRate messages per second each side of a Live Agent conversation sends
   * @param dixaRate    the same, for Dixa
   * @param otherRate   the same, for the other platforms
   * @param miawRate    the same, for Salesforce Enhanced Chat (MIAW admits 22 visitor messages a minute per
   *                    conversation; the connector keeps every minute under that: 11 at once, then about 10.5 a minute)
   * @param supportRate the same, for Zendesk Support (30 updates per ticket per 10 minutes: the connector folds the
   *                    visitor's lines into fewer comments once half of that is spent)
   * @param gorgiasRate the same, for Gorgias (2 calls a second for the whole account; each message each way costs
   *                    the connector a call or two: the post, and a read of the ticket per delivery)
   * @param traffic     how long the traffic lasts; the kills are spread evenly over it
   */
  public record Settings(List<SoakPlatform> platforms, int liveAgent, int dixa, int others, double liveAgentRate,
      double dixaRate, double otherRate, double miawRate, double supportRate, double gorgiasRate, Duration traffic,
      KillPlan kills, Duration patience) {
    public static Settings from(Map<String, String> args) {
      List<SoakPlatform> platforms = SoakPlatform.parse(args.getOrDefault("platforms",
          String.join(",", List.of(SoakPlatform.values()).stream().map(p -> p.option).toList())));
      return new Settings(platforms, Integer.parseInt(args.getOrDefault("live-agent", "20")),
          Integer.parseInt(args.getOrDefault("dixa", "4")), Integer.parseInt(args.getOrDefault("others", "2")),
          Double.parseDouble(args.getOrDefault("live-agent-rate", "2")),
          Double.parseDouble(args.getOrDefault("dixa-rate", "0.5")),
          Double.parseDouble(args.getOrDefault("other-rate", "0.5")),
          Double.parseDouble(args.getOrDefault("miaw-rate", "0.15")),
          Double.parseDouble(args.getOrDefault("support-rate", "0.1")),
          Double.parseDouble(args.getOrDefault("gorgias-rate", "0.2")),
          Duration.ofSeconds(Long.parseLong(args.getOrDefault("seconds", "300"))),
          args.containsKey("kills") ? KillPlan.parse(args.get("kills")) : KillPlan.everyInstanceInTurn(platforms),
          Duration.ofSeconds(Long.parseLong(args.getOrDefault("patience-seconds", "180"))));
    }

    public int conversations(SoakPlatform p) {
      return p == SoakPlatform.LIVEAGENT ? liveAgent : p == SoakPlatform.DIXA ? dixa : others;
    }

    public double rate(SoakPlatform p) {
      return switch (p) {
        case LIVEAGENT -> liveAgentRate;
        case DIXA -> dixaRate;
        case MIAW -> miawRate;
        case SUPPORT -> supportRate;
        case GORGIAS -> gorgiasRate;
        default -> otherRate;
      };
    }
  }

  private Soak() {}

  /** Runs the soak on the broker at {@code bootstrap}, its services' files under {@code work}. */
  public static SoakOutcome run(String bootstrap, Path work, Settings settings) throws Exception {
    TopicProvisioner.ensure(KafkaSettings.of(bootstrap), Topics.all());
    String prefix = "soak-" + UUID.randomUUID().toString().substring(0, 8) + "-";
    try (HelpdeskSandbox sandbox = HelpdeskSandbox.start(SandboxConfig.defaults().withPort(0)
        .withLongPollHold(SoakFleet.LONG_POLL_HOLD));
         SoakFleet fleet = SoakFleet.start(bootstrap, sandbox, work, settings.platforms());
         SoakAgents agents = new SoakAgents(settings.platforms().stream().map(p -> sandbox.desk(p.desk)).toList(),
             name -> SoakConversation.ofVisitorName(name, prefix))) {
      BotPoster bot = new BotPoster(fleet.ingressPorts(), settings.patience());
      Instant t0 = Instant.now();
      fleet.awaitReady(bot, settings.patience());
      new SoakConnections(sandbox, "http://localhost:" + fleet.ingressPort(0))
          .create(settings.platforms(), fleet.miscWebhooksUrl(), fleet.zendeskWebhooksUrl(),
              fleet.chat2deskWebhooksUrl());
      Duration startup = Duration.between(t0, Instant.now());
      List<SoakConversation> conversations = new ArrayList<>();
      for (SoakPlatform p : settings.platforms()) {
        for (int i = 0; i < settings.conversations(p); i++) {
          int n = conversations.size();
          conversations.add(new SoakConversation(prefix + n, p, n % 2, settings.rate(p)));
        }
      }
      try {
        for (SoakConversation c : conversations) {
          c.widget = new FollowingWidget(bot.http(), fleet.ingressPorts(), c.preferredIngress, c.id);
          bot.post(c.preferredIngress, "/v1/conversations/" + c.id + "/handover", c.handoverPayload(),
              "soak-handover-" + c.id);
        }
        await(settings.patience(), () -> "every conversation's agent joined, at the desk and in the widget; not: "
            + conversations.stream().filter(c -> !joined(agents, c)).map(c -> c.id + " (at the desk: "
                + agents.active(c.id) + ", widget: " + c.widget.events() + ")").toList(),
            () -> {
              greetWhereJoiningIsAMessage(agents, conversations);
              return conversations.stream().allMatch(c -> joined(agents, c));
            });
        System.err.printf("soak: fleet ready in %.1f s, every agent joined after %.1f s more%n",
            startup.toMillis() / 1000.0, Duration.between(t0.plus(startup), Instant.now()).toMillis() / 1000.0);
        SoakRun run = new SoakRun(fleet, agents, bot, conversations, settings);
        run.traffic();
        Instant trafficEnd = Instant.now();
        // A message that never arrives is what the soak counts (lost): after the patience, the counts are taken as
        // they are rather than the run thrown away.
        long deadline = System.nanoTime() + settings.patience().toNanos();
        while (!conversations.stream().allMatch(c -> c.caughtUp(agents)) && System.nanoTime() < deadline) {
          pause(Duration.ofMillis(100));
        }
        System.err.printf("soak: %s %.1f s after the traffic%n", conversations.stream().allMatch(c -> c.caughtUp(
            agents)) ? "every message arrived" : "gave up waiting for the missing messages",
            Duration.between(trafficEnd, Instant.now()).toMillis() / 1000.0);
        return SoakOutcome.of(run, startup, (int) sandbox.dixa().deliveries().stream()
            .map(DixaSimulator.Delivery::subscriptionId).distinct().count());
      } finally {
        conversations.stream().filter(c -> c.widget != null).forEach(c -> c.widget.close());
      }
    }
  }

  /** Where the agent joins by writing, each agent who took a chat says its first message (counted like the rest). */
  private static void greetWhereJoiningIsAMessage(SoakAgents agents, List<SoakConversation> conversations) {
    for (SoakConversation c : conversations) {
      if (c.platform.joinsWithFirstMessage() && c.agentSent.isEmpty() && agents.active(c.id)) {
        c.agentSays(agents);
      }
    }
  }

  private static boolean joined(SoakAgents agents, SoakConversation c) {
    return agents.active(c.id) && c.widget.lines("agent.joined").size() == 1;
  }

  static void await(Duration patience, String what, java.util.function.BooleanSupplier condition) {
    await(patience, () -> what, condition);
  }

  static void await(Duration patience, java.util.function.Supplier<String> what,
      java.util.function.BooleanSupplier condition) {
    long deadline = System.nanoTime() + patience.toNanos();
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("not within " + patience + ": " + what.get());
      }
      pause(Duration.ofMillis(100));
    }
  }

  /** Waits without the caller's interrupt being lost. */
  static void pause(Duration d) {
    try {
      Thread.sleep(d.toMillis());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** Waits until {@code atNanos} on the {@link System#nanoTime} clock. */
  static void pace(long atNanos) {
    long wait = atNanos - System.nanoTime();
    if (wait > 0) {
      pause(Duration.ofNanos(wait));
    }
  }
}
