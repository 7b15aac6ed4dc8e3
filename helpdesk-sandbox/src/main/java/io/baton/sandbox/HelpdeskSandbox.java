package io.baton.sandbox;

import io.baton.sandbox.chat2desk.Chat2DeskSettings;
import io.baton.sandbox.chat2desk.Chat2DeskSimulator;
import io.baton.sandbox.dixa.DixaSimulator;
import io.baton.sandbox.freshchat.FreshchatSimulator;
import io.baton.sandbox.gorgias.GorgiasSimulator;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.ApiFaults;
import io.baton.sandbox.kit.DeskApi;
import io.baton.sandbox.kit.ReceivedTraces;
import io.baton.sandbox.kit.Simulator;
import io.baton.sandbox.kit.SimulatorSupport;
import io.baton.sandbox.kustomer.KustomerSettings;
import io.baton.sandbox.kustomer.KustomerSimulator;
import io.baton.sandbox.liveagent.LiveAgentSimulator;
import io.baton.sandbox.miaw.MiawSimulator;
import io.baton.sandbox.oracle.OracleChatSimulator;
import io.baton.sandbox.oracle.OracleSettings;
import io.baton.sandbox.sunco.SuncoSettings;
import io.baton.sandbox.sunco.SuncoSimulator;
import io.baton.sandbox.zendesk.ZendeskSupportSimulator;
import io.javalin.Javalin;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One HTTP server with every helpdesk simulator (Salesforce Live Agent, Salesforce MIAW, Dixa, Zendesk Sunshine
 * Conversations, Zendesk Support, Chat2Desk, Kustomer, Freshchat, Gorgias, Oracle B2C Service chat), the agent desk API
 * over all of them and the agent console. Start it with port 0 in tests and read {@link #port()}.
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
  private final ReceivedTraces receivedTraces = new ReceivedTraces();
  private final ScheduledExecutorService timers;
  private final LiveAgentSimulator liveAgent;
  private final MiawSimulator miaw;
  private final DixaSimulator dixa;
  private final SuncoSimulator sunco;
  private final ZendeskSupportSimulator zendesk;
  private final Chat2DeskSimulator chat2desk;
  private final KustomerSimulator kustomer;
  private final FreshchatSimulator freshchat = new FreshchatSimulator();
  private final GorgiasSimulator gorgias = new GorgiasSimulator();
  private final OracleChatSimulator oracle;
  /** Every simulator, in the console's order. */
  private final List<Simulator> simulators;

  private HelpdeskSandbox(Javalin app, ScheduledExecutorService timers, LiveAgentSimulator liveAgent,
      MiawSimulator miaw, DixaSimulator dixa, SuncoSimulator sunco, ZendeskSupportSimulator zendesk,
      Chat2DeskSimulator chat2desk, KustomerSimulator kustomer, OracleChatSimulator oracle) {
    this.app = app;
    this.timers = timers;
    this.liveAgent = liveAgent;
    this.miaw = miaw;
    this.dixa = dixa;
    this.sunco = sunco;
    this.zendesk = zendesk;
    this.chat2desk = chat2desk;
    this.kustomer = kustomer;
    this.oracle = oracle;
    this.simulators = List.of(liveAgent, miaw, dixa, sunco, zendesk, chat2desk, kustomer, freshchat, gorgias, oracle);
  }

  public static HelpdeskSandbox start(SandboxConfig config) {
    return start(config, null);
  }

  /** With the SunCo simulator's settings (fast webhook retries, a small message limit, the Support groups). */
  public static HelpdeskSandbox start(SandboxConfig config, SuncoSettings suncoSettings) {
    return start(config, suncoSettings, null);
  }

  /** With the Chat2Desk simulator's settings (e.g. its webhook schedule in milliseconds); null: its defaults. */
  public static HelpdeskSandbox start(SandboxConfig config, SuncoSettings suncoSettings,
      Chat2DeskSettings chat2deskSettings) {
    return start(config, suncoSettings, chat2deskSettings, null);
  }

  /** With the Kustomer simulator's settings (e.g. its webhook retries in milliseconds); null: its defaults. */
  public static HelpdeskSandbox start(SandboxConfig config, SuncoSettings suncoSettings,
      Chat2DeskSettings chat2deskSettings, KustomerSettings kustomerSettings) {
    return start(config, suncoSettings, chat2deskSettings, kustomerSettings, null);
  }

  /** With the Oracle chat simulator's settings (e.g. a short poll hold or JWT lifetime); null: its defaults. */
  public static HelpdeskSandbox start(SandboxConfig config, SuncoSettings suncoSettings,
      Chat2DeskSettings chat2deskSettings, KustomerSettings kustomerSettings, OracleSettings oracleSettings) {
    Objects.requireNonNull(config, "config");
    // Without settings of its own, the Agent Workspace knows the groups the Support simulator has.
    ZendeskSupportSimulator zendesk = new ZendeskSupportSimulator();
    SuncoSimulator sunco = new SuncoSimulator(suncoSettings != null ? suncoSettings
        : SuncoSettings.defaults().withGroups(zendesk::groupExists));
    // One timer thread serves every poll hold and the idle sweep: held polls cost no thread.
    ScheduledThreadPoolExecutor timers = new ScheduledThreadPoolExecutor(1, runnable -> {
      Thread thread = new Thread(runnable, "sandbox-timers");
      thread.setDaemon(true);
      return thread;
    });
    timers.setRemoveOnCancelPolicy(true);
    Javalin app = Javalin.create(javalin -> javalin.showJavalinBanner = false);
    HelpdeskSandbox sandbox = new HelpdeskSandbox(app, timers, new LiveAgentSimulator(config.longPollHold(),
        config.clientPollTimeoutSeconds(), config.sessionTimeout(), timers), new MiawSimulator(), new DixaSimulator(),
        sunco, zendesk, new Chat2DeskSimulator(chat2deskSettings != null ? chat2deskSettings
            : Chat2DeskSettings.defaults()),
        new KustomerSimulator(kustomerSettings != null ? kustomerSettings : KustomerSettings.defaults()),
        new OracleChatSimulator(oracleSettings != null ? oracleSettings : OracleSettings.defaults(), timers));
    sandbox.receivedTraces.register(app);
    app.get("/health", ctx -> ctx.contentType("application/json").result("{\"status\":\"UP\"}"));
    SandboxIdentity.ofThisProcess().serve(app);
    sandbox.simulators.forEach(simulator -> simulator.register(app));
    DeskApi.register(app, sandbox.desks());
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
      sandbox.simulators.forEach(Simulator::close);
      timers.shutdownNow();
      throw e;
    }
    sandbox.miaw.publicUrl(sandbox.baseUrl());
    sandbox.liveAgent.baseUrl(sandbox.baseUrl());
    sandbox.zendesk.baseUrl(sandbox.baseUrl());
    sandbox.oracle.baseUrl(sandbox.baseUrl());
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

  /** The trace headers the simulators received (what a connector's platform calls carried). */
  public ReceivedTraces receivedTraces() {
    return receivedTraces;
  }

  public int port() {
    return app.port();
  }

  public String baseUrl() {
    return "http://localhost:" + port();
  }

  /** Where this sandbox and each of its simulators answer, for clients that reach it over HTTP only. */
  public SandboxAddress address() {
    return new SandboxAddress(baseUrl());
  }

  /** What a Live Agent client uses instead of {@code https://{liveAgentHostname}/chat/rest/}. */
  public String liveAgentRestUrl() {
    return address().liveAgentRestUrl();
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

  /** Faults on demand for the Live Agent REST side (429, 5xx, slow and lost answers). */
  public ApiFaults liveAgentFaults() {
    return liveAgent.faults();
  }

  /** Faults on demand for MIAW's visitor API (paths under {@code /iamessage/api/v2/}, e.g. {@code conversation}). */
  public ApiFaults miawFaults() {
    return miaw.faults();
  }

  /**
   * The fault injector of a simulator ({@code liveagent}, {@code miaw}, {@code dixa}, {@code sunco}, {@code zendesk},
   * {@code chat2desk}, {@code kustomer}, {@code freshchat}, {@code gorgias}, {@code oracle_chat}).
   */
  public ApiFaults faults(String platform) {
    return ((SimulatorSupport) simulator(platform)).faults();
  }

  /** Every platform's agent desk, in the console's order. */
  public List<AgentDesk> desks() {
    return simulators.stream().map(Simulator::desk).toList();
  }

  /**
   * One platform's agent desk ({@code liveagent}, {@code miaw}, {@code dixa}, {@code sunco}, {@code zendesk},
   * {@code chat2desk}, {@code kustomer}, {@code freshchat}, {@code gorgias}, {@code oracle_chat}).
   */
  public AgentDesk desk(String platform) {
    return simulator(platform).desk();
  }

  private Simulator simulator(String platform) {
    return simulators.stream().filter(s -> s.name().equals(platform)).findFirst()
        .orElseThrow(() -> new NoSuchElementException("No simulator " + platform));
  }

  /** The Dixa simulator (agent side, faults, webhook deliveries). */
  public DixaSimulator dixa() {
    return dixa;
  }

  /** What a Dixa client uses instead of {@code https://dev.dixa.io/v1}. */
  public String dixaUrl() {
    return address().dixaUrl();
  }

  /** The Sunshine Conversations simulator (agent workspace, messenger, journal, webhook deliveries). */
  public SuncoSimulator sunco() {
    return sunco;
  }

  /** The Zendesk Support simulator (agent side, webhook deliveries, groups for the SunCo simulator). */
  public ZendeskSupportSimulator zendesk() {
    return zendesk;
  }

  /**
   * What a Zendesk client uses instead of {@code https://{subdomain}.zendesk.com}: SunCo is served under
   * {@code <this>/sc/v2/...}, Support under {@code <this>/api/v2/...}.
   */
  public String zendeskUrl() {
    return address().zendeskUrl();
  }

  /** The Chat2Desk simulator (clients, dialogs, operators, webhook deliveries). */
  public Chat2DeskSimulator chat2desk() {
    return chat2desk;
  }

  /** What a Chat2Desk client uses instead of {@code https://api.chat2desk.com/v1}. */
  public String chat2deskUrl() {
    return address().chat2deskUrl();
  }

  /** The Kustomer simulator (org, customers, conversations, webhook deliveries, rate limits). */
  public KustomerSimulator kustomer() {
    return kustomer;
  }

  /** What a Kustomer client uses instead of {@code https://<org>.api.kustomerapp.com}: paths {@code /v1/...}. */
  public String kustomerUrl() {
    return address().kustomerUrl();
  }

  /** The Freshchat simulator (account, conversations, webhook URL and public key, deliveries). */
  public FreshchatSimulator freshchat() {
    return freshchat;
  }

  /** What a Freshchat client uses instead of {@code https://<account>.freshchat.com/v2}. */
  public String freshchatUrl() {
    return address().freshchatUrl();
  }

  /** The Gorgias simulator (account, tickets, HTTP integrations and their requests, the leaky bucket). */
  public GorgiasSimulator gorgias() {
    return gorgias;
  }

  /** What a Gorgias client uses instead of {@code https://<domain>.gorgias.com/api}. */
  public String gorgiasUrl() {
    return address().gorgiasUrl();
  }

  /** The Oracle B2C Service chat simulator (site users, agents online, routing rules, engagements). */
  public OracleChatSimulator oracle() {
    return oracle;
  }

  /**
   * What an Oracle chat client uses instead of {@code https://<site>.custhelp.com}; the engagement API is then at
   * the domain {@code establishSessions} names ({@code localhost:<port>/oracle-chat}).
   */
  public String oracleSiteUrl() {
    return address().oracleSiteUrl();
  }

  @Override
  public void close() {
    // Answer held polls and stop webhook senders first, so the server does not wait on them while stopping.
    simulators.forEach(Simulator::close);
    app.stop();
    timers.shutdownNow();
    try {
      timers.awaitTermination(5, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
