package io.baton.sandbox.freshchat;

import java.nio.charset.StandardCharsets;

/**
 * Signs a body with the sandbox account's private key, as Freshchat signs its webhooks: what a test needs to post a
 * genuine (or genuinely signed but stale) webhook by hand. In the simulator's package because the key is not public.
 */
public final class SandboxFreshchatSigning {
  private SandboxFreshchatSigning() {}

  public static String signature(FreshchatSimulator simulator, String body) {
    return FreshchatWebhooks.signature(simulator.account().keys().getPrivate(),
        body.getBytes(StandardCharsets.UTF_8));
  }
}
