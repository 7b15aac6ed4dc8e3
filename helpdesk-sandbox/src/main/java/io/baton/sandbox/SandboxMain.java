package io.baton.sandbox;

/**
 * Runs the sandbox until the process is stopped; configured by SANDBOX_* environment variables.
 * Jetty's non-daemon threads keep the JVM alive after main returns.
 */
public final class SandboxMain {
  private SandboxMain() {
  }

  public static void main(String[] a) {
    HelpdeskSandbox sandbox = HelpdeskSandbox.start(SandboxConfig.fromEnv(System.getenv()));
    // Freshchat keeps its webhook URL in the admin UI: the local stack sets the sandbox's from the environment.
    String freshchatWebhook = System.getenv("SANDBOX_FRESHCHAT_WEBHOOK_URL");
    if (freshchatWebhook != null && !freshchatWebhook.isBlank()) {
      sandbox.freshchat().webhookUrl(freshchatWebhook.trim());
    }
    // Oracle's establishSessions names the chat session server by domain: where clients reach this sandbox (a compose
    // service name rather than localhost).
    String oracleBase = System.getenv("SANDBOX_ORACLE_BASE_URL");
    if (oracleBase != null && !oracleBase.isBlank()) {
      sandbox.oracle().baseUrl(oracleBase.trim());
    }
    Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "sandbox-shutdown"));
    System.out.println("Helpdesk sandbox up: console " + sandbox.baseUrl() + "/console/, Live Agent REST "
        + sandbox.liveAgentRestUrl());
  }
}
