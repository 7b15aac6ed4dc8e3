package io.baton.ingress;

import io.baton.ingress.auth.Authenticator;
import io.baton.ingress.auth.WidgetTokenEndpoint;
import io.baton.ingress.auth.WidgetTokens;
import io.baton.ingress.bot.BotMessageEndpoint;
import io.baton.ingress.connection.ConnectionStore;
import io.baton.ingress.connection.ConnectionsApi;
import io.baton.ingress.connection.TokenClaims;
import io.baton.ingress.conversation.ConversationStateEndpoint;
import io.baton.ingress.gateway.ConversationLog;
import io.baton.ingress.gateway.WebSocketGateway;
import io.baton.ingress.gateway.WidgetGateway;
import io.baton.ingress.guard.CorsPolicy;
import io.baton.ingress.guard.CorsPreflights;
import io.baton.ingress.guard.IngressGuards;
import io.baton.ingress.guard.RateLimits;
import io.baton.ingress.guard.RequestAdmission;
import io.baton.ingress.guard.StreamQuota;
import io.baton.ingress.handover.HandoverEndpoint;
import io.baton.ingress.handover.RunningConnectors;
import io.baton.ingress.http.ErrorHandling;
import io.baton.ingress.http.Idempotency;
import io.baton.ingress.http.JettyProblems;
import io.baton.ingress.http.RequestTrace;
import io.baton.ingress.http.SharedIdempotencyLedger;
import io.baton.ingress.http.Writes;
import io.baton.ingress.kafka.EventPublisher;
import io.baton.ingress.openapi.OpenApiDocument;
import io.baton.ingress.segment.SegmentEndpoint;
import io.baton.ingress.segment.SegmentTraits;
import io.baton.ingress.visitor.VisitorContextMemory;
import io.baton.ingress.visitor.VisitorMessageEndpoint;
import io.baton.ingress.visitor.VisitorSignalEndpoint;
import io.baton.ingress.webhook.WebhookApi;
import io.baton.ingress.webhook.WebhookDispatcher;
import io.baton.ingress.webhook.PublicAddresses;
import io.baton.ingress.webhook.WebhookOutcomes;
import io.baton.ingress.webhook.WebhookRegistry;
import io.baton.operations.kafka.KafkaContact;
import io.baton.operations.KafkaClientMeters;
import io.baton.operations.Operations;
import io.baton.ingress.secrets.SecretsReseal;
import io.baton.secrets.KeyRing;
import io.baton.secrets.SealedSecrets;
import io.baton.service.Service;
import io.baton.topics.KafkaSettings;
import io.baton.topics.TopicProvisioner;
import io.baton.topics.Topics;
import io.javalin.Javalin;
import io.javalin.http.staticfiles.Location;
import io.micrometer.core.instrument.Gauge;
import jakarta.servlet.DispatcherType;
import java.net.InetAddress;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.eclipse.jetty.servlet.FilterHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ingress: the HTTP API through which bots request handovers and send messages, widgets send visitor events, and
 * tenants manage their helpdesk connections (writes acknowledged by Kafka before the answer), the widget gateway
 * streaming conversation.events.v2 to widgets, the bot webhook dispatcher, and the demo widget. Router inputs go to
 * conversation.inputs.v1.
 */
public final class IngressService implements Service {
  private static final Logger log = LoggerFactory.getLogger(IngressService.class);
  /** How long an Idempotency-Key's answer is replayed (ingress.idempotency.v1 keeps records as long). */
  private static final Duration IDEMPOTENCY_TTL = Duration.ofHours(24);

  private final IngressConfig config;
  private final IngressGuards guards;
  private final StreamQuota streamQuota;
  private PublicAddresses.HostLookup webhookHosts = InetAddress::getAllByName;
  private final KafkaSettings kafka;
  private final Function<Properties, Producer<String, byte[]>> producers;
  private AutoCloseable producerMeters;
  private Gauge sseStreams;
  private final Clock clock = Clock.systemUTC();
  private EventPublisher publisher;
  private ConversationLog conversationLog;
  private VisitorContextMemory contexts;
  private ConnectionStore connections;
  private RunningConnectors runningConnectors;
  private TokenClaims tokenClaims;
  private SharedIdempotencyLedger idempotencyLedger;
  private SegmentTraits segmentTraits;
  private ConnectionsApi connectionsApi;
  private WebhookRegistry webhooks;
  private WebhookDispatcher dispatcher;
  private WebhookOutcomes webhookOutcomes;
  private WidgetGateway gateway;
  private WebSocketGateway webSockets;
  private IngressReadiness readiness;
  private Javalin app;
  private int boundPort = -1;
  private boolean started;
  private boolean haltAfterAck;

  public IngressService(IngressConfig config, KafkaSettings kafka) {
    this(config, kafka, IngressGuards.defaults());
  }

  public IngressService(IngressConfig config, KafkaSettings kafka, IngressGuards guards) {
    this(config, kafka, props -> new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer()), guards);
  }

  /** For tests that need a producer that fails. */
  IngressService(IngressConfig config, KafkaSettings kafka, Function<Properties, Producer<String, byte[]>> producers) {
    this(config, kafka, producers, IngressGuards.defaults());
  }

  IngressService(IngressConfig config, KafkaSettings kafka, Function<Properties, Producer<String, byte[]>> producers,
      IngressGuards guards) {
    this.config = config;
    this.kafka = kafka;
    this.producers = producers;
    this.guards = guards;
    this.streamQuota = new StreamQuota(guards.streamsPerToken(), guards.streamsPerTenant());
  }

  /** Test only: how webhook hosts are resolved (a name that rebinds); call before {@link #start}. */
  synchronized void lookUpWebhookHostsWith(PublicAddresses.HostLookup lookup) {
    if (started) {
      throw new IllegalStateException("set before start");
    }
    webhookHosts = lookup;
  }

  /**
   * Test only: halt the JVM ({@code Runtime.halt(137)}) right after Kafka acknowledged a router input and before the
   * answer is written, to test retries after that crash. Set only by {@link IngressMain} from
   * {@value IngressMain#CRASH_AFTER_ACK}; call before {@link #start}.
   */
  synchronized void haltAfterAckForTests() {
    if (started) {
      throw new IllegalStateException("set before start");
    }
    haltAfterAck = true;
  }

  @Override
  public synchronized void start() {
    if (started) {
      return;
    }
    started = true;
    try {
      TopicProvisioner.ensure(kafka, List.of(Topics.CONVERSATION_INPUTS, Topics.CONVERSATION_EVENTS, Topics.CONNECTIONS,
          Topics.WEBHOOKS, Topics.TOKEN_CLAIMS, Topics.CONNECTOR_PRESENCE, Topics.INGRESS_IDEMPOTENCY,
          Topics.SEGMENT_TRAITS, Topics.WEBHOOK_OUTCOMES));
      Producer<String, byte[]> producer = producers.apply(producerProperties());
      producerMeters = KafkaClientMeters.bind(producer, "ingress");
      publisher = new EventPublisher(producer, config.kafkaTimeout());
      connections = new ConnectionStore(kafka);
      connections.start();
      if (config.requireConnector()) {
        runningConnectors = new RunningConnectors(kafka);
        runningConnectors.start();
      }
      if (config.security().secretsKeys() != null) { // without it no connection can hold a token
        tokenClaims = new TokenClaims(kafka, publisher, config.security().secretsKeys(), config.kafkaTimeout());
        tokenClaims.start();
      }
      webhooks = new WebhookRegistry(kafka);
      webhooks.start();
      idempotencyLedger = new SharedIdempotencyLedger(kafka, publisher, 100_000);
      segmentTraits = new SegmentTraits(kafka, publisher, config.rememberedConversations(), config.kafkaTimeout(),
          clock);
      webhookOutcomes = new WebhookOutcomes(kafka, publisher, config.kafkaTimeout(), clock);
      // read side by side: each returns once its topic is read to the end
      CompletableFuture.allOf(CompletableFuture.runAsync(idempotencyLedger::start),
          CompletableFuture.runAsync(segmentTraits::start), CompletableFuture.runAsync(webhookOutcomes::start)).join();
      contexts = new VisitorContextMemory(config.rememberedConversations());
      conversationLog = new ConversationLog(kafka, config.gatewayConversations(),
          config.gatewayEventsPerConversation(), contexts::learn);
      conversationLog.start();
      readiness = new IngressReadiness(IngressReadiness.produce(publisher.outcomes(), new KafkaContact(
          List.of(producer::metrics, conversationLog::readerMetrics), KafkaContact.PATIENCE, System::nanoTime),
          KafkaContact.PATIENCE), conversationLog.readiness());
      gateway = new WidgetGateway(conversationLog, config.sseKeepAlive(), streamQuota);
      sseStreams = Gauge.builder("baton.sse.streams", gateway, WidgetGateway::openStreams)
          .description("Widget event streams (SSE) this gateway serves now").tag("service", "ingress")
          .register(Operations.meters());
      app = createApp();
      connectionsApi.claimUnclaimedTokens(config.kafkaTimeout().multipliedBy(2));
      if (config.webhooks().dispatch() && config.security().secretsKeys() != null) {
        dispatcher = new WebhookDispatcher(kafka, webhooks, new SealedSecrets(config.security().secretsKeys()),
            webhookOutcomes, config.webhooks(), clock, webhookAddresses());
        dispatcher.start();
      }
      app.start(config.port());
      boundPort = app.port();
      readiness.register();
      log.info("ingress listening on port {} ({})", app.port(), config.security());
    } catch (RuntimeException e) {
      stop();
      started = false; // a later start() may try again
      throw e;
    }
  }

  private Properties producerProperties() {
    Properties p = kafka.producerProperties("baton-ingress");
    long timeout = config.kafkaTimeout().toMillis();
    // A request waits for the ack, so the producer must give up within the request's patience, not after 30 s.
    p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, Long.toString(timeout));
    p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, Long.toString(Math.min(timeout, 10_000)));
    p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, Long.toString(Math.min(timeout, 5_000)));
    return p;
  }

  private PublicAddresses webhookAddresses() {
    return new PublicAddresses(guards.webhookAllowLoopback(), webhookHosts);
  }

  private Javalin createApp() {
    CorsPolicy cors = new CorsPolicy(guards.corsOrigins());
    Javalin javalin = Javalin.create(cfg -> {
      cfg.showJavalinBanner = false;
      cfg.startupWatcherEnabled = false;
      cfg.http.prefer405over404 = true;
      // "/v1/connections/" is no connection: an empty id is a 404 of every method, not the list route's 405
      cfg.router.ignoreTrailingSlashes = false;
      cfg.jetty.modifyServer(server -> server.setErrorHandler(new JettyProblems()));
      cfg.jetty.modifyServletContextHandler(context -> {
        context.setErrorHandler(new JettyProblems());
        context.addFilter(new FilterHolder(new CorsPreflights(cors)), "/v1/*", EnumSet.of(DispatcherType.REQUEST));
      });
      cfg.jetty.modifyHttpConfiguration(http -> http.setRequestHeaderSize(guards.maxHeaderBytes())); // else 431
      cfg.http.asyncTimeout = 0; // event streams stay open; writes are bounded by the Kafka timeout instead
      cfg.staticFiles.add(files -> {
        files.hostedPath = "/demo";
        files.directory = "/public/demo";
        files.location = Location.CLASSPATH;
      });
    });
    Executor responses = javalin.jettyServer().threadPool();
    IngressConfig.Security security = config.security();
    KeyRing tokenKeys = security.tokenKeys();
    if (tokenKeys == null) {
      byte[] random = new byte[32];
      new SecureRandom().nextBytes(random);
      tokenKeys = KeyRing.legacy(random);
      log.warn("no BATON_INGRESS_TOKEN_SECRETS: widget tokens are valid on this instance only, until it restarts");
    }
    WidgetTokens tokens = new WidgetTokens(tokenKeys);
    Authenticator authenticator = new Authenticator(security, tokens, clock);
    Idempotency idempotency = Idempotency.shared(idempotencyLedger, sharedDigestKey(security), IDEMPOTENCY_TTL,
        config.kafkaTimeout(), clock);
    Writes writes = new Writes(config.maxBodyBytes(), idempotency, publisher, responses, haltAfterAck);
    SealedSecrets box = security.secretsKeys() == null ? null : new SealedSecrets(security.secretsKeys());
    connectionsApi = new ConnectionsApi(writes, connections, box, security.connectionsStartActive(), tokenClaims,
        config.kafkaTimeout());
    WidgetTokenEndpoint widgetTokens = new WidgetTokenEndpoint(tokens, security.widgetTokenTtl(), clock, idempotency);
    RequestAdmission admission = new RequestAdmission(cors,
        new RateLimits(guards.perTenant(), guards.perConversation(), System::nanoTime));

    javalin.before("/v1/*", ctx -> {
      RequestTrace.begin(ctx);
      if (ctx.path().startsWith("/v1/admin/")) { // the operators' routes act on every tenant: no tenant's rates
        authenticator.requireAdmin(ctx);
      } else if (!ctx.path().equals(OpenApiDocument.PATH)) {
        admission.beforeAuthentication(ctx);
        io.baton.ingress.auth.Caller caller = authenticator.authenticate(ctx);
        ctx.attribute(Authenticator.CALLER, caller);
        admission.admit(ctx, caller);
      }
    });
    javalin.after("/v1/*", ctx -> RequestTrace.end());
    javalin.get("/health", readiness::serve);
    javalin.get("/", ctx -> ctx.redirect("/demo/"));
    javalin.get(OpenApiDocument.PATH, new OpenApiDocument());
    javalin.get("/v1/conversations/{id}", new ConversationStateEndpoint(conversationLog));
    javalin.post("/v1/conversations/{id}/messages", new VisitorMessageEndpoint(writes, contexts));
    javalin.post("/v1/conversations/{id}/typing",
        new VisitorSignalEndpoint(writes, VisitorSignalEndpoint.Signal.TYPING));
    javalin.post("/v1/conversations/{id}/read", new VisitorSignalEndpoint(writes, VisitorSignalEndpoint.Signal.READ));
    javalin.post("/v1/conversations/{id}/left", new VisitorSignalEndpoint(writes, VisitorSignalEndpoint.Signal.LEFT));
    javalin.post("/v1/conversations/{id}/bot-messages", new BotMessageEndpoint(writes));
    HandoverEndpoint handovers = new HandoverEndpoint(writes, contexts, connections, runningConnectors);
    javalin.post("/v1/conversations/{id}/handover", handovers);
    SegmentEndpoint segment = new SegmentEndpoint(writes, connections, handovers, segmentTraits);
    javalin.post("/v1/segment/identify", segment::identify);
    javalin.post("/v1/segment/group", segment::group);
    javalin.post("/v1/segment/track", segment::track);
    javalin.post("/v1/conversations/{id}/widget-token", widgetTokens::mint);
    javalin.get("/v1/conversations/{id}/events", gateway);
    webSockets = new WebSocketGateway(conversationLog, authenticator, admission, streamQuota);
    javalin.ws("/v1/conversations/{id}/ws", webSockets);
    javalin.get("/v1/conversations/{id}/ws", WebSocketGateway::withoutUpgrade);
    WebhookApi webhookApi = new WebhookApi(writes, webhooks, webhookOutcomes, box, webhookAddresses());
    javalin.put("/v1/webhook", webhookApi::put);
    javalin.get("/v1/webhook", webhookApi::get);
    javalin.delete("/v1/webhook", webhookApi::delete);
    javalin.post("/v1/connections", connectionsApi::create);
    javalin.get("/v1/connections", connectionsApi::list);
    javalin.get("/v1/connections/{connectionId}", connectionsApi::get);
    javalin.patch("/v1/connections/{connectionId}", connectionsApi::update);
    javalin.delete("/v1/connections/{connectionId}", connectionsApi::delete);
    javalin.post(SecretsReseal.PATH,
        new SecretsReseal(connections, connectionsApi, webhooks, webhookApi, box, responses)::handle);
    if (security.devTenant() != null) {
      String devTenant = security.devTenant();
      log.warn("dev widget tokens enabled for tenant {}: anyone can open its conversations; never in production",
          devTenant);
      javalin.post("/dev/widget-tokens/{id}", ctx -> widgetTokens.mintForDev(ctx, devTenant));
    }
    ErrorHandling.install(javalin);
    return javalin;
  }

  /**
   * The key of the digests instances share (Idempotency-Key fingerprints): the current secrets key, else the current
   * token key; with neither (a single dev instance) a fixed one, digests then being plain hashes. A retry that spans a
   * rotation of that key is taken as a new request, whose input the router drops by its event id.
   */
  private static byte[] sharedDigestKey(IngressConfig.Security security) {
    if (security.secretsKeys() != null) {
      return security.secretsKeys().current();
    }
    return security.tokenKeys() != null ? security.tokenKeys().current()
        : "baton ingress without keys".getBytes(java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The bound port: the configured one, or the one picked for port 0. */
  public int port() {
    if (boundPort < 0) {
      throw new IllegalStateException("not started");
    }
    return boundPort;
  }

  /** For tests: the gateway's open streams. */
  WidgetGateway gateway() {
    return gateway;
  }

  /** For tests: the gateway's view of the conversation log. */
  ConversationLog conversationLog() {
    return conversationLog;
  }

  /** For tests: the routes Javalin serves, as "METHOD path" (WebSocket upgrades as GET). */
  List<String> routes() {
    var router = app.unsafeConfig().pvt.internalRouter;
    List<String> routes = new java.util.ArrayList<>(router.allHttpHandlers().stream()
        .map(e -> e.getEndpoint().getMethod().name() + " " + e.getEndpoint().getPath()).toList());
    router.allWsHandlers().stream().filter(e -> e.getType() == io.javalin.websocket.WsHandlerType.WEBSOCKET)
        .forEach(e -> routes.add("GET " + e.getPath()));
    return routes;
  }

  @Override
  public synchronized void stop() {
    if (readiness != null) {
      readiness.forget();
      readiness = null;
    }
    KafkaClientMeters.unbind(producerMeters);
    producerMeters = null;
    // streams first, so Jetty does not wait for them; then no new requests; then the clients
    if (sseStreams != null) {
      Operations.meters().remove(sseStreams);
      sseStreams = null;
    }
    if (gateway != null) {
      gateway.close();
      gateway = null;
    }
    if (webSockets != null) {
      webSockets.close();
      webSockets = null;
    }
    if (app != null) {
      app.stop();
      app = null;
    }
    if (dispatcher != null) {
      dispatcher.close();
      dispatcher = null;
    }
    if (webhooks != null) {
      webhooks.close();
      webhooks = null;
    }
    if (webhookOutcomes != null) {
      webhookOutcomes.close();
      webhookOutcomes = null;
    }
    if (conversationLog != null) {
      conversationLog.close();
      conversationLog = null;
    }
    if (connections != null) {
      connections.close();
      connections = null;
    }
    if (runningConnectors != null) {
      runningConnectors.close();
      runningConnectors = null;
    }
    if (tokenClaims != null) {
      tokenClaims.close();
      tokenClaims = null;
    }
    if (idempotencyLedger != null) {
      idempotencyLedger.close();
      idempotencyLedger = null;
    }
    if (segmentTraits != null) {
      segmentTraits.close();
      segmentTraits = null;
    }
    if (publisher != null) {
      publisher.close();
      publisher = null;
    }
  }
}
