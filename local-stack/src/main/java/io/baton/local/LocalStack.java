package io.baton.local;

import io.baton.analytics.AnalyticsConfig;
import io.baton.analytics.AnalyticsService;
import io.baton.connector.chat2desk.Chat2DeskConfig;
import io.baton.connector.chat2desk.Chat2DeskConnector;
import io.baton.connector.dixa.DixaConfig;
import io.baton.connector.dixa.DixaConnector;
import io.baton.connector.misc.MiscConfig;
import io.baton.connector.misc.MiscConnector;
import io.baton.connector.salesforce.SalesforceConfig;
import io.baton.connector.salesforce.SalesforceConnector;
import io.baton.connector.zendesk.ZendeskConfig;
import io.baton.connector.zendesk.ZendeskConnector;
import io.baton.ingress.DevCredentials;
import io.baton.ingress.IngressConfig;
import io.baton.ingress.IngressService;
import io.baton.ingress.guard.IngressGuards;
import io.baton.router.RouterConfig;
import io.baton.router.RouterService;
import io.baton.sandbox.SandboxAddress;
import io.baton.sandbox.dixa.DixaSimulator;
import io.baton.service.OperationsPort;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The whole of Baton on one machine, in one process: a real KRaft broker, the router, the Salesforce connector (Live
 * Agent and MIAW, both against the sandbox), the Dixa connector, the Zendesk connector (SunCo and Support, set up by
 * {@link DemoZendesk}), the Chat2Desk connector (its connection set up by {@link DemoChat2Desk}), connector-misc
 * (Kustomer, Freshchat, Gorgias and Oracle B2C Service chat, set up by {@link DemoKustomer}, {@link DemoFreshchat},
 * {@link DemoGorgias} and {@link DemoOracle}), the ingress with its widget
 * gateway and demo page, the helpdesk sandbox with its agent console
 * (every platform's chats, MIAW's included), Zendesk's messenger and Chat2Desk's client page, and a demo bot.
 * Data lives under {@code ./.baton/} ({@code BATON_HOME}).
 */
public final class LocalStack {
  private static final Logger log = LoggerFactory.getLogger(LocalStack.class);
  /** How long one service's stop may take, and all of them together, before what is left is abandoned. */
  static final Duration STOP_EACH = Duration.ofSeconds(5);
  static final Duration STOP_TOTAL = Duration.ofSeconds(15);
  /** What was started, by the name a person knows it by, with how to stop it. */
  private final List<BoundedStop.Part> started = new CopyOnWriteArrayList<>(); // a Ctrl-C may come while starting
  private KafkaSettings kafka;
  private SandboxAddress sandbox;
  private String sandboxLine;
  /** Set for a stack started in-process ({@link #start}): its stop stops the sandbox it started, if it did. */
  private boolean stopsItsSandbox;
  private Map<String, String> environment = Map.of();
  private IngressService ingress;
  private OperationsPort operations;

  /** The local stack's tenant and its bot key (dev only: override BATON_INGRESS_BOT_KEYS elsewhere). */
  public static final String DEV_TENANT = DevCredentials.TENANT;
  public static final String DEV_BOT_KEY = DevCredentials.BOT_KEY;

  /** The ingress settings of the local stack where the environment does not set them ({@link DevCredentials}). */
  public static Map<String, String> withDevDefaults(Map<String, String> env) {
    return DevCredentials.withDevDefaults(env);
  }

  public static void main(String[] args) {
    long t0 = System.nanoTime();
    Map<String, String> env = withDevDefaults(System.getenv());
    Optional<String> taken = StackPorts.taken(env);
    if (taken.isPresent()) {
      System.err.println(taken.get());
      System.exit(1);
    }
    StackPidFile pid = StackPidFile.write(home(env));
    LocalStack stack = new LocalStack();
    CtrlC.install(System.out);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      List<String> abandoned = stack.stopBounded();
      pid.delete();
      if (stack.sandbox != null && !stack.stopsItsSandbox) {
        System.out.println("Baton stopped. The helpdesk sandbox keeps running at " + stack.sandbox
            + " with its chats (./baton down stops it).");
      }
      if (!abandoned.isEmpty()) { // each said in one line; their threads would keep the JVM going
        Runtime.getRuntime().halt(CtrlC.EXIT_STATUS);
      }
    }, "local-stack-shutdown"));
    stack.run(env);
    System.out.println(stack.sandboxLine());
    StackBanner.print(System.out, stack, env, Duration.ofNanos(System.nanoTime() - t0));
  }

  /** Where the stack's data lives: {@code BATON_HOME}, {@code ./.baton} by default. */
  static Path home(Map<String, String> env) {
    return Path.of(env.getOrDefault("BATON_HOME", ".baton"));
  }

  /**
   * Starts the whole stack in this JVM with {@code env} as its environment (the dev defaults are added), as
   * {@code ./baton up} does; tests use it with their own {@code BATON_HOME} and ports. {@link #stop()} stops it, and
   * the sandbox process it started if it did (tests best pass {@code BATON_SANDBOX_URL} of one they started
   * in-process: no process to start).
   */
  public static LocalStack start(Map<String, String> env) {
    LocalStack stack = new LocalStack();
    stack.stopsItsSandbox = true; // a test's stack leaves no process behind
    Map<String, String> testEnv = new HashMap<>(env);
    testEnv.putIfAbsent("BATON_OPS_PORT", "0"); // stacks of parallel tests each get a port of their own
    try {
      stack.run(withDevDefaults(testEnv));
    } catch (RuntimeException e) {
      stack.stop();
      throw e;
    }
    return stack;
  }

  /** The ingress's base URL (the API, the widget gateway, {@code /demo/}). */
  public String ingressUrl() {
    return "http://localhost:" + ingress.port();
  }

  /** The helpdesk sandbox's base URL (every simulator, {@code /console/}). */
  public String sandboxUrl() {
    return sandbox.baseUrl();
  }

  /** Which sandbox the stack uses and how it came to (started, found running, or named by BATON_SANDBOX_URL). */
  public String sandboxLine() {
    return sandboxLine;
  }

  /** The operations port's base URL ({@code /metrics}, {@code /health/...}); empty with {@code BATON_OPS_PORT=off}. */
  public Optional<String> operationsUrl() {
    var port = operations == null ? java.util.OptionalInt.empty() : operations.port();
    return port.isPresent() ? Optional.of("http://localhost:" + port.getAsInt()) : Optional.empty();
  }

  public String bootstrapServers() {
    return kafka.bootstrapServers();
  }

  private void run(Map<String, String> environment) {
    Map<String, String> env = new HashMap<>(environment);
    Path home = home(env);
    // First: the process's metrics and health answer while the rest starts (one port for every service in it).
    operations = start(new OperationsPort(env));
    if (!env.containsKey("BATON_KAFKA_BOOTSTRAP")) { // else the operator's own Kafka (or a test's broker)
      int kafkaPort = Integer.parseInt(env.getOrDefault("BATON_KAFKA_PORT", "9092"));
      KraftBroker broker = start(new KraftBroker(home.resolve("kafka"), kafkaPort, kafkaPort + 1));
      env.put("BATON_KAFKA_BOOTSTRAP", broker.bootstrapServers());
    }
    env.putIfAbsent("BATON_ROUTER_STATE_DIR", home.resolve("router-state").toString());
    env.putIfAbsent("BATON_ANALYTICS_STATE_DIR", home.resolve("analytics-state").toString());
    // Static members (one process, one member per group): restarted after a crash, every service takes its partitions
    // back at once instead of waiting out the session timeout of its previous life.
    env.putIfAbsent("BATON_INSTANCE_ID", "local-stack");
    // Bounded state on a laptop: a conversation back with the bot is forgotten a day after its last event (30 days
    // by default).
    env.putIfAbsent("BATON_ROUTER_RETENTION_HOURS", "24");
    kafka = KafkaSettings.fromEnv(env);

    // An outside helpdesk: the stack's stop (or crash) leaves it and its chats; ./baton down stops it.
    SandboxProcess.Attached attached = SandboxProcess.attachOrStart(env, home);
    sandbox = attached.address();
    sandboxLine = attached.line();
    stopsItsSandbox &= attached.started();
    this.environment = Map.copyOf(env);
    env.putIfAbsent("BATON_SALESFORCE_LIVEAGENT_URL", sandbox.liveAgentRestUrl());
    env.putIfAbsent("BATON_SALESFORCE_MIAW_URL", sandbox.miawUrl());

    // The router's start waits for its group and its stores (seconds after a crash, restoring them): the rest starts
    // meanwhile, and the demo bot, last, once the router runs.
    RouterConfig routerConfig = RouterConfig.fromEnv(env);
    CompletableFuture<RouterService> router =
        CompletableFuture.supplyAsync(() -> start(new RouterService(routerConfig, kafka)));
    // The analytics stream (analytics.handovers.v1 for ./baton report) is a Streams application of its own.
    AnalyticsConfig analyticsConfig = AnalyticsConfig.fromEnv(env);
    CompletableFuture<AnalyticsService> analytics =
        CompletableFuture.supplyAsync(() -> start(new AnalyticsService(analyticsConfig, kafka)));
    start(SalesforceConnector.liveAgent(SalesforceConfig.fromEnv(env), kafka));
    // MIAW (Enhanced Chat) against the sandbox's MIAW; its conversations show on the same console.
    start(SalesforceConnector.miaw(SalesforceConfig.fromEnv(env), kafka));
    env.putIfAbsent("BATON_DIXA_API_URL", sandbox.dixaUrl());
    env.putIfAbsent("BATON_DIXA_DEFAULT_TOKEN", DixaSimulator.DEFAULT_TOKEN);
    start(new DixaConnector(DixaConfig.fromEnv(env), kafka));
    ingress = start(new IngressService(IngressConfig.fromEnv(env), kafka, IngressGuards.fromEnv(env)));
    String ingressUrl = ingressUrl();
    env.putIfAbsent("BATON_ZENDESK_API_URL", sandbox.zendeskUrl());
    ZendeskConfig zendeskConfig = ZendeskConfig.fromEnv(env);
    // Before the connector: a sandbox started anew has the integration under a new id, and the connection says so
    // by the time the connector reads it.
    if (sandbox.zendeskUrl().equals(zendeskConfig.apiUrl())) { // another Zendesk is its administrator's business
      try {
        new DemoZendesk(sandbox.zendeskUrl(), ingressUrl, env.get("BATON_DEMO_BOT_KEY"))
            .prepare(zendeskConfig.webhookPublicUrl());
      } catch (IllegalStateException e) {
        System.err.println("Zendesk is not set up (the rest runs): " + e.getMessage());
      }
    }
    start(new ZendeskConnector(zendeskConfig, kafka));
    // Chat2Desk against the sandbox's; the demo tenant's connection is created at the ingress, and the connector's
    // activation registers its webhook there.
    String chat2deskUrl = sandbox.chat2deskBaseUrl();
    env.putIfAbsent("BATON_CHAT2DESK_API_URL", chat2deskUrl);
    Chat2DeskConfig chat2deskConfig = Chat2DeskConfig.fromEnv(env);
    start(new Chat2DeskConnector(chat2deskConfig, kafka));
    if (chat2deskUrl.equals(chat2deskConfig.apiUrl())) {
      try {
        new DemoChat2Desk(ingressUrl, env.get("BATON_DEMO_BOT_KEY"))
            .prepare(chat2deskConfig.webhookPublicUrl());
      } catch (IllegalStateException e) {
        System.err.println("Chat2Desk is not set up (the rest runs): " + e.getMessage());
      }
    }
    HandoverChoice handovers = new HandoverChoice(DemoZendesk.SUNCO_CONNECTION, DemoChat2Desk.CONNECTION,
        DemoChat2Desk.OPERATOR_GROUP).withDixa().withEnhancedChat();
    handovers = startMiscPlatforms(this, env, kafka, sandbox, ingressUrl, handovers);
    try {
      router.join();
      analytics.join();
    } catch (CompletionException e) {
      throw e.getCause() instanceof RuntimeException r ? r : e;
    }
    start(new DemoBot(kafka, ingressUrl, env.get("BATON_DEMO_BOT_KEY"), handovers));

  }

  /**
   * Kustomer, Freshchat, Gorgias and Oracle B2C Service chat (connector-misc: one webhook server, 8098) against the
   * sandbox's; the demo tenant's connections are made only for the sandbox's (another helpdesk is its administrator's
   * business), and the demo bot offers what was made. Oracle's connection names its site itself (no environment
   * points the connector elsewhere): {@code BATON_DEMO_ORACLE=false} leaves it to the administrator.
   */
  private static HandoverChoice startMiscPlatforms(LocalStack stack, Map<String, String> env, KafkaSettings kafka,
      SandboxAddress sandbox, String ingressUrl, HandoverChoice handovers) {
    env.putIfAbsent("BATON_KUSTOMER_API_URL", sandbox.kustomerUrl());
    env.putIfAbsent("BATON_FRESHCHAT_API_URL", sandbox.freshchatUrl());
    env.putIfAbsent("BATON_GORGIAS_API_URL", sandbox.gorgiasUrl());
    MiscConfig misc = MiscConfig.fromEnv(env);
    String botKey = env.get("BATON_DEMO_BOT_KEY");
    // Before the connector, as for Zendesk: a sandbox started anew has a new Freshchat key pair and bot agent, and
    // the connection says so by the time the connector reads it.
    if (sandbox.kustomerUrl().equals(misc.kustomer().apiUrl())) {
      try {
        DemoKustomer kustomer = new DemoKustomer(sandbox, ingressUrl, botKey);
        kustomer.prepare();
        handovers = handovers.withKustomer(DemoKustomer.CONNECTION, kustomer.queueId());
      } catch (IllegalStateException e) {
        System.err.println("Kustomer is not set up (the rest runs): " + e.getMessage());
      }
    }
    if (sandbox.freshchatUrl().equals(misc.freshchat().apiUrl())) {
      try {
        new DemoFreshchat(sandbox, ingressUrl, botKey).prepare(misc.webhookPublicUrl());
        handovers = handovers.withFreshchat(DemoFreshchat.CONNECTION);
      } catch (IllegalStateException e) {
        System.err.println("Freshchat is not set up (the rest runs): " + e.getMessage());
      }
    }
    if (sandbox.gorgiasUrl().equals(misc.gorgias().apiUrl())) {
      try {
        new DemoGorgias(sandbox, ingressUrl, botKey).prepare();
        handovers = handovers.withGorgias(DemoGorgias.CONNECTION);
      } catch (IllegalStateException e) {
        System.err.println("Gorgias is not set up (the rest runs): " + e.getMessage());
      }
    }
    if (!"false".equals(env.get("BATON_DEMO_ORACLE"))) {
      try {
        new DemoOracle(sandbox, ingressUrl, botKey).prepare();
        handovers = handovers.withOracle(DemoOracle.CONNECTION);
      } catch (IllegalStateException e) {
        System.err.println("Oracle B2C Service chat is not set up (the rest runs): " + e.getMessage());
      }
    }
    stack.start(new MiscConnector(misc, kafka));
    return handovers;
  }

  private <S extends Service> S start(S service) {
    long t0 = System.nanoTime();
    service.start();
    log.info("{} started in {} ms", service.getClass().getSimpleName(), (System.nanoTime() - t0) / 1_000_000);
    started.add(new BoundedStop.Part(service.getClass().getSimpleName(), service::stop));
    return service;
  }

  /** Stops every service in the reverse order of their start, each within seconds (see {@link #stopBounded}). */
  public void stop() {
    stopBounded();
  }

  /**
   * Stops every service in the reverse order of their start, each within {@link #STOP_EACH} and all within
   * {@link #STOP_TOTAL}; returns the names of the services abandoned because their stop did not return in time.
   */
  synchronized List<String> stopBounded() {
    List<BoundedStop.Part> parts = new ArrayList<>(started);
    Collections.reverse(parts);
    started.clear();
    List<String> abandoned = new BoundedStop(STOP_EACH, STOP_TOTAL, System.out).stop(parts);
    if (stopsItsSandbox) {
      SandboxProcess.stop(environment);
    }
    return abandoned;
  }
}
