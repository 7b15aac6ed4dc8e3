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
    Runtime.getRuntime().addShutdownHook(new Thread(sandbox::close, "sandbox-shutdown"));
    System.out.println("Helpdesk sandbox up: console " + sandbox.baseUrl() + "/console/, Live Agent REST "
        + sandbox.liveAgentRestUrl());
  }
}
