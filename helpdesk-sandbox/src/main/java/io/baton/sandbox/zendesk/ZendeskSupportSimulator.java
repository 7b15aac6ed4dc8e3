package io.baton.sandbox.zendesk;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.SimulatorSupport;
import io.baton.sandbox.kit.WebhookSender;
import io.javalin.Javalin;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The Zendesk Support API ({@code https://{subdomain}.zendesk.com/api/v2}) served under {@code /zendesk/api/v2}: one
 * account with an API user ({@link #API_EMAIL}, {@link #API_TOKEN}; Basic {@code {email}/token:{api_token}}), users,
 * groups, tickets and comments ({@link SupportTickets}), uploads, webhooks ({@link SupportWebhooks}) and triggers
 * ({@link SupportTriggers}) that run after every ticket create or update, the API's or the console agent's. The agent's
 * side is {@link ZendeskDesk}. All state sits behind this simulator's monitor.
 */
public final class ZendeskSupportSimulator extends SimulatorSupport {
  public static final String NAME = "zendesk";
  public static final String SUBDOMAIN = "baton-sandbox";
  public static final long ACCOUNT_ID = 9_000_001L;
  /** The API user: an admin, as the integration's user usually is. */
  public static final String API_EMAIL = "baton-api@sandbox.zendesk.test";
  public static final String API_TOKEN = "zendesk-sandbox-api-token";
  public static final String API_USER_NAME = "Baton Integration";
  /** The console's agent, who accepts tickets unless another name is given. */
  public static final String AGENT_EMAIL = "alex@sandbox.zendesk.test";
  public static final String AGENT_NAME = "Alex";

  private final Ids ids = new Ids(360_000_000_001L);
  private final SupportDirectory directory = new SupportDirectory(ids);
  private final SupportTickets tickets;
  private final SupportTriggers triggers;
  private final SupportWebhooks webhooks;
  private volatile SupportRateLimits rateLimits;
  private boolean limitsOn = true;
  private final ZendeskDesk desk;
  private final IdempotencyKeys idempotencyKeys = new IdempotencyKeys();
  private final java.util.Set<String> apiTokens = java.util.concurrent.ConcurrentHashMap.newKeySet();
  private volatile String baseUrl = "http://localhost";

  public ZendeskSupportSimulator() {
    this(ZendeskSettings.defaults());
  }

  public ZendeskSupportSimulator(ZendeskSettings settings) {
    super(NAME);
    this.tickets = new SupportTickets(directory, ids, settings.maxComments());
    this.triggers = new SupportTriggers(directory, tickets, ids);
    this.webhooks = new SupportWebhooks(Long.toString(ACCOUNT_ID), retries(settings), breaker(settings));
    this.rateLimits = new SupportRateLimits(settings.limits());
    this.desk = new ZendeskDesk(this);
    apiTokens.add(API_TOKEN);
    directory.create(API_USER_NAME, API_EMAIL, SupportUser.ADMIN, null);
    directory.create(AGENT_NAME, AGENT_EMAIL, SupportUser.AGENT, null);
  }

  @Override
  protected void registerApi(Javalin app) {
    ZendeskSupportApi.register(app, this);
    ZendeskDeskRoutes.register(app, this);
  }

  @Override
  public AgentDesk desk() {
    return desk.desk();
  }

  /** Where the sandbox is reachable, for the URLs in answers ({@code url}, {@code content_url}). */
  public void baseUrl(String baseUrl) {
    this.baseUrl = baseUrl;
  }

  /** What a connector uses instead of {@code https://{subdomain}.zendesk.com}: its API is under {@code /api/v2}. */
  public String url() {
    return baseUrl + "/" + NAME;
  }

  String apiUrl() {
    return url() + "/api/v2";
  }

  String attachmentsUrl() {
    return url() + "/attachments";
  }

  /**
   * Other limits from now on (tests of another module shrink them on {@code HelpdeskSandbox.zendesk()}): the rate
   * limits start counting afresh, and webhook requests still queued are dropped.
   */
  public synchronized void configure(ZendeskSettings settings) {
    SupportRateLimits limits = new SupportRateLimits(settings.limits());
    limits.enabled(limitsOn);
    rateLimits = limits;
    tickets.maxComments(settings.maxComments());
    webhooks.configure(retries(settings), breaker(settings));
  }

  private static WebhookSender.RetrySchedule retries(ZendeskSettings settings) {
    return WebhookSender.RetrySchedule.doubling(1 + WebhookDeliveryPolicy.TIMEOUT_RETRIES, settings.webhookRetryWait());
  }

  private static WebhookDeliveryPolicy.Breaker breaker(ZendeskSettings settings) {
    return new WebhookDeliveryPolicy.Breaker(settings.breakerWindow(), settings.breakerPause(),
        settings.breakerMinimum());
  }

  SupportRateLimits rateLimits() {
    return rateLimits;
  }

  /** Turns every rate limit off (or on again), for tests about something else. */
  public synchronized void rateLimit(boolean on) {
    limitsOn = on;
    rateLimits.enabled(on);
  }

  /** The {@code Authorization} header a client sends: Basic base64("{email}/token:{api_token}"). */
  public static String authorization(String email, String token) {
    return "Basic " + Base64.getEncoder().encodeToString((email + "/token:" + token)
        .getBytes(StandardCharsets.UTF_8));
  }

  /** Another account API token (tokens are the account's: any staff member's email goes with it). */
  public void addApiToken(String token) {
    apiTokens.add(token);
  }

  /** The staff member an {@code Authorization} header authenticates, else 401 "Couldn't authenticate you". */
  synchronized SupportUser authenticate(String authorization) {
    return ApiTokens.authenticate(apiTokens, directory, authorization);
  }

  // ---- state, each under the monitor ----

  synchronized <T> T withDirectory(java.util.function.Function<SupportDirectory, T> call) {
    return call.apply(directory);
  }

  synchronized <T> T withTickets(java.util.function.Function<SupportTickets, T> call) {
    return call.apply(tickets);
  }

  synchronized <T> T withTriggers(java.util.function.Function<SupportTriggers, T> call) {
    return call.apply(triggers);
  }

  synchronized <T> T withWebhooks(java.util.function.Function<SupportWebhooks, T> call) {
    return call.apply(webhooks);
  }

  synchronized Trigger createTrigger(JsonNode body) {
    return triggers.create(body, webhooks::triggerConnected);
  }

  synchronized Trigger updateTrigger(long id, JsonNode body) {
    return triggers.update(id, body, webhooks::triggerConnected);
  }

  /** Create Ticket, then the trigger cycle. */
  synchronized TicketChange createTicket(SupportUser actor, String via, TicketInput in) {
    return afterChange(tickets.create(actor, via, in));
  }

  /**
   * Create Ticket under an {@code Idempotency-Key}: the kept answer (a hit) when the key was used with this body, else
   * a new ticket whose answer, written by {@code answer}, is kept.
   */
  synchronized IdempotencyKeys.Answer createTicketOnce(SupportUser actor, String key, String body,
      IdempotencyKeys.Rendering<TicketChange> answer) throws Exception {
    return idempotencyKeys.once(key, body, () -> answer.render(createTicket(actor, "api",
        TicketInput.read(ZendeskSupportApi.body(body).get("ticket")))));
  }

  /** Update Ticket, then the trigger cycle. */
  synchronized TicketChange updateTicket(SupportUser actor, String via, long id, TicketInput in) {
    return afterChange(tickets.update(actor, via, id, in));
  }

  /**
   * Runs the triggers and queues their webhooks, rendered against the ticket as the update saved it, then the ticket
   * events of the update for event-subscribed webhooks.
   */
  private TicketChange afterChange(TicketChange change) {
    List<SupportTriggers.Notification> notifications = triggers.run(change);
    if (!notifications.isEmpty()) {
      Ticket t = change.ticket();
      Map<String, String> values = Placeholders.values(t, change.actor(), directory, apiUrl(),
          "https://" + SUBDOMAIN + ".zendesk.com/agent");
      List<Map<String, String>> files = Placeholders.attachments(t, attachmentsUrl());
      for (SupportTriggers.Notification n : notifications) {
        webhooks.invoke(n.webhookId(), Long.toString(ids.next()), Placeholders.render(n.template(), values, files,
            true));
      }
    }
    TicketEvents.of(change, ACCOUNT_ID, directory).forEach(webhooks::publish);
    return change;
  }

  // ---- for the lead and the SunCo simulator ----

  /** Whether the account has this group (SunCo's {@code dataCapture.systemField.group_id} must name one). */
  public synchronized boolean groupExists(long id) {
    return directory.groupExists(id);
  }

  /** A new group (as Create Group), its id. */
  public synchronized long createGroup(String name) {
    return directory.createGroup(name).id();
  }

  /** A copy of the user with this email, as it is now. */
  public synchronized Optional<SupportUser> userByEmail(String email) {
    return directory.byEmail(email).map(SupportUser::copy);
  }

  /** A ticket as it is now, with its comments, or empty. */
  public synchronized Optional<TicketView> ticket(long id) {
    return tickets.find(id).map(TicketView::of);
  }

  public synchronized List<TicketView> tickets() {
    return tickets.tickets().stream().map(TicketView::of).toList();
  }

  /** Every webhook request made so far, in order, with its answer's status (0: none). */
  public List<WebhookSender.Delivery> webhookDeliveries() {
    return webhooks.deliveries();
  }

  /** Whether a webhook's circuit breaker is open now. */
  public boolean webhookCircuitOpen(String webhookId) {
    return webhooks.circuitOpen(webhookId);
  }

  /** base64(HMAC-SHA256(secret, timestamp + body)): what a receiver compares with the signature header. */
  public static String webhookSignature(String secret, String timestamp, String body) {
    return SupportWebhooks.signature(secret, timestamp, body);
  }

  /** The agent's side for tests: create, comment, attach, solve, close. */
  public ZendeskDesk agent() {
    return desk;
  }

  SupportDirectory directory() {
    return directory;
  }

  @Override
  public synchronized void close() {
    webhooks.close();
  }
}
