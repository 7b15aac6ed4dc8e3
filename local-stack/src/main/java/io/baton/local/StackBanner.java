package io.baton.local;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Map;

/** What a healthy start of the local stack prints, and all it prints: where to go, and the dev credentials. */
final class StackBanner {
  private StackBanner() {}

  static void print(PrintStream out, LocalStack stack, Map<String, String> env, Duration startedIn) {
    out.printf("%nBaton is up in %.1f s.%n  chat as a visitor:  %s/demo/%n"
        + "  answer as an agent: %s/console/%n  Zendesk messenger:  %s/console/messenger.html%n"
        + "  Chat2Desk client:   %s/console/chat2desk.html%n"
        + "  pick a helpdesk:    the bot's quick replies (Salesforce, Enhanced Chat, Zendesk, Dixa, Chat2Desk,%n"
        + "                      Kustomer, Freshchat, Gorgias, Oracle)%n"
        + "  Kafka:              %s%n"
        + "  metrics and health: %s%n"
        + "  dev credentials:    tenant %s, bot key %s, admin key %s (never use them elsewhere)%n"
        + "Ctrl-C stops Baton (a second Ctrl-C forces it); the helpdesk sandbox and its chats stay: ./baton down.%n",
        startedIn.toMillis() / 1000.0, stack.ingressUrl(), stack.sandboxUrl(), stack.sandboxUrl(),
        stack.sandboxUrl(), stack.bootstrapServers(),
        stack.operationsUrl().map(url -> url + "/metrics (and /health/live, /health/ready)")
            .orElse("off (BATON_OPS_PORT=off)"),
        env.get("BATON_INGRESS_DEV_TENANT"),
        env.get("BATON_DEMO_BOT_KEY"), env.get("BATON_INGRESS_ADMIN_KEY"));
  }
}
