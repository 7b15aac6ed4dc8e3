package io.baton.sandbox.kit;

import io.javalin.Javalin;

/**
 * One simulated helpdesk platform: its API routes, its state machine and its payloads (following the vendor's docs),
 * and the agent's side as an {@link AgentDesk}. {@code HelpdeskSandbox} serves every simulator on one server and
 * loops over them; webhooks, faults and rate limits come from this kit ({@link WebhookSender}, {@link ApiFaults},
 * {@link RateLimiter}).
 */
public interface Simulator extends AutoCloseable {
  /** {@code "liveagent"}, {@code "miaw"}, {@code "dixa"}: the URL segment and the console's label. */
  String name();

  /** Registers its API routes (the vendor API and whatever else it serves, such as its faults). */
  void register(Javalin app);

  AgentDesk desk();

  @Override
  void close();
}
