package io.baton.sandbox;

import io.baton.sandbox.kit.KitJson;
import io.javalin.Javalin;
import java.time.Instant;

/**
 * {@code GET /sandbox/identity}: what this server is, since when, and its process, so that the local stack tells its
 * own sandbox (to use it, or {@code ./baton down} to stop it) from any other program on the port.
 *
 * @param service   always {@link #SERVICE}
 * @param pid       the sandbox's process id
 * @param startedAt when it started serving
 */
public record SandboxIdentity(String service, long pid, Instant startedAt) {
  public static final String PATH = "/sandbox/identity";
  public static final String SERVICE = "baton-helpdesk-sandbox";

  /** This process's identity, as of now. */
  static SandboxIdentity ofThisProcess() {
    return new SandboxIdentity(SERVICE, ProcessHandle.current().pid(), Instant.now());
  }

  void serve(Javalin app) {
    app.get(PATH, ctx -> KitJson.write(ctx, 200, KitJson.object("service", service, "pid", pid, "startedAt",
        startedAt.toString())));
  }
}
