package io.baton.sandbox;

import io.baton.sandbox.dixa.DixaApi;
import io.baton.sandbox.dixa.DixaSimulator;
import io.baton.sandbox.liveagent.AgentDeskApi;
import io.baton.sandbox.miaw.MiawApi;
import io.baton.sandbox.miaw.MiawSimulator;
import io.baton.sandbox.liveagent.LiveAgentRestApi;
import io.baton.sandbox.liveagent.LiveAgentSimulator;
import io.javalin.Javalin;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * One HTTP server with the helpdesk simulators (for now Salesforce Live Agent), the agent API and the
 * agent console. Start it with port 0 in tests and read {@link #port()}.
 */
public final class HelpdeskSandbox implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(HelpdeskSandbox.class);
  private static final String CONSOLE_RESOURCES = "/sandbox-console/";
  /** Only plain file names: nothing can climb out of the console's resource folder. */
  private static final Pattern CONSOLE_FILE = Pattern.compile("[A-Za-z0-9_-]+\\.(html|js|css)");
  private static final Map<String, String> CONTENT_TYPES = Map.of(
      "html", "text/html; charset=utf-8",
      "js", "text/javascript; charset=utf-8",
      "css", "text/css; charset=utf-8");

  private final Javalin app;
  private final ScheduledExecutorService timers;
  private final LiveAgentSimulator liveAgent;

  private final ApiFaults liveAgentFaults;
  private final ApiFaults miawFaults;

  private final MiawSimulator miaw;

  private DixaSimulator dixa;

  private HelpdeskSandbox(Javalin app, ScheduledExecutorService timers, LiveAgentSimulator liveAgent,
      ApiFaults liveAgentFaults, MiawSimulator miaw, ApiFaults miawFaults) {
    this.miaw = miaw;
    this.miawFaults = miawFaults;
    this.liveAgentFaults = liveAgentFaults;
    this.app = app;
    this.timers = timers;
    this.liveAgent = liveAgent;
  }

  public static HelpdeskSandbox start(SandboxConfig config) {
    Objects.requireNonNull(config, "config");
    // One timer thread serves every poll hold and the idle sweep: held polls cost no thread.
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "sandbox-timers");
      thread.setDaemon(true);
      return thread;
    });
    timers.setRemoveOnCancelPolicy(true);
    LiveAgentSimulator liveAgent = new LiveAgentSimulator(config.longPollHold(), config.clientPollTimeoutSeconds(),
        config.sessionTimeout(), timers);
    Javalin app = Javalin.create(javalin -> javalin.showJavalinBanner = false);
    app.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"UP\"}"));
    ApiFaults faults = new ApiFaults();
    LiveAgentRestApi.register(app, liveAgent, faults);
    AgentDeskApi.register(app, liveAgent, faults);
    MiawSimulator miaw = new MiawSimulator();
    ApiFaults miawFaults = new ApiFaults();
    MiawApi.register(app, miaw, miawFaults);
    DixaSimulator dixa = new DixaSimulator();
    DixaApi.register(app, dixa);
    app.get("/console/", ctx -> {
      // Javalin ignores trailing slashes when routing, but the page's relative links need one.
      if (!ctx.path().endsWith("/")) {
        ctx.redirect("/console/");
        return;
      }
      serveConsoleFile(ctx, "index.html");
    });
    app.get("/console/{file}", ctx -> serveConsoleFile(ctx, ctx.pathParam("file")));
    try {
      app.start(config.port());
    } catch (RuntimeException e) {
      liveAgent.shutdown();
      timers.shutdownNow();
      throw e;
    }
    HelpdeskSandbox sandbox = new HelpdeskSandbox(app, timers, liveAgent, faults, miaw, miawFaults);
    sandbox.dixa = dixa;
    log.info("Helpdesk sandbox listening on {} (Live Agent REST at {})", sandbox.baseUrl(), sandbox.liveAgentRestUrl());
    return sandbox;
  }

  private static void serveConsoleFile(io.javalin.http.Context ctx, String file) throws IOException {
    if (!CONSOLE_FILE.matcher(file).matches()) {
      ctx.status(404).result("Not found");
      return;
    }
    try (InputStream in = HelpdeskSandbox.class.getResourceAsStream(CONSOLE_RESOURCES + file)) {
      if (in == null) {
        ctx.status(404).result("Not found");
        return;
      }
      String extension = file.substring(file.lastIndexOf('.') + 1);
      ctx.contentType(CONTENT_TYPES.get(extension)).result(in.readAllBytes());
    }
  }

  public int port() {
    return app.port();
  }

  public String baseUrl() {
    return "http://localhost:" + port();
  }

  /** What a Live Agent client uses instead of {@code https://{liveAgentHostname}/chat/rest/}. */
  public String liveAgentRestUrl() {
    return baseUrl() + LiveAgentRestApi.BASE_PATH;
  }

  public LiveAgentSimulator liveAgent() {
    return liveAgent;
  }

  /** The MIAW simulator (agent side and faults). */
  public MiawSimulator miaw() {
    return miaw;
  }

  /** What a MIAW client uses instead of the org's SCRT URL. */
  public String miawUrl() {
    return baseUrl();
  }

  /** Faults on demand for the Live Agent REST side (429, 5xx, slow answers). */
  public ApiFaults liveAgentFaults() {
    return liveAgentFaults;
  }

  /** Faults on demand for MIAW's visitor API (paths under {@code /iamessage/api/v2/}, e.g. {@code conversation}). */
  public ApiFaults miawFaults() {
    return miawFaults;
  }

  /** The Dixa simulator (agent side, faults, webhook deliveries). */
  public DixaSimulator dixa() {
    return dixa;
  }

  /** What a Dixa client uses instead of {@code https://dev.dixa.io/v1}. */
  public String dixaUrl() {
    return baseUrl() + DixaApi.BASE_PATH;
  }

  @Override
  public void close() {
    dixa.close();
    // Answer held polls first so the server does not wait on them while stopping.
    liveAgent.shutdown();
    app.stop();
    timers.shutdownNow();
    try {
      timers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
