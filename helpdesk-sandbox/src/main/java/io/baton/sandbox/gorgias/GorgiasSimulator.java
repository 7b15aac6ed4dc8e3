package io.baton.sandbox.gorgias;

import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.RateLimiter;
import io.baton.sandbox.kit.SimulatorSupport;
import io.baton.sandbox.kit.WebhookSender;
import io.javalin.Javalin;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Gorgias under {@code /gorgias/api} ({@link GorgiasApi}): one sandbox account ({@link GorgiasAccount}: API users
 * and keys, agents, teams), its customers, tickets with messages ({@link GorgiasTickets}), HTTP integrations
 * ({@link GorgiasIntegrations}, sent by {@link GorgiasDeliveries}), the account's leaky bucket, and the agents on
 * the desk ({@link GorgiasDesk}).
 *
 * <p>All state sits behind this simulator's monitor: the parts are only called through {@link #locked}.
 */
public final class GorgiasSimulator extends SimulatorSupport {
  /** The default API user's email and REST API key, for clients of a sandbox in another process. */
  public static final String API_EMAIL = GorgiasAccount.API_EMAIL;
  public static final String API_KEY = GorgiasAccount.API_KEY;
  /** Its URL segment and console label. */
  public static final String NAME = "gorgias";

  /** A customer as a test reads it. */
  public record Customer(long id, String email, String name, String externalId) {}

  /** A ticket as a test reads it; messages in creation order. */
  public record Ticket(long id, long customerId, String channel, String via, String status, String subject,
      String externalId, Long assigneeUserId, Long assigneeTeamId, List<String> tags,
      List<GorgiasMessage> messages) {}

  /** An HTTP integration as a test reads it. */
  public record Integration(long id, String name, String url, String method, java.util.Map<String, String> headers,
      java.util.Map<String, Boolean> triggers, boolean active) {}

  private final GorgiasAccount account = new GorgiasAccount();
  private final GorgiasCustomers customers = new GorgiasCustomers();
  private final GorgiasIntegrations integrations;
  private final GorgiasTickets tickets;
  private final GorgiasViews views;
  private final GorgiasDesk desk;
  private volatile RateLimiter bucket;

  public GorgiasSimulator() {
    this(GorgiasSettings.defaults());
  }

  public GorgiasSimulator(GorgiasSettings settings) {
    super(NAME);
    this.integrations = new GorgiasIntegrations(settings);
    this.tickets = new GorgiasTickets((trigger, t) -> integrations.fire(trigger, views().templateTicket(t)));
    this.views = new GorgiasViews(account, customers, tickets);
    this.bucket = new RateLimiter(settings.perSecond(), settings.burst());
    this.desk = new GorgiasDesk(this);
  }

  @Override
  protected void registerApi(Javalin app) {
    GorgiasApi.register(app, this);
    GorgiasSandboxRoutes.register(app, this);
  }

  @Override
  public AgentDesk desk() {
    return desk.desk();
  }

  synchronized <T> T locked(Supplier<T> call) {
    return call.get();
  }

  synchronized void locked(Runnable call) {
    call.run();
  }

  GorgiasAccount account() {
    return account;
  }

  GorgiasCustomers customers() {
    return customers;
  }

  GorgiasTickets tickets() {
    return tickets;
  }

  GorgiasIntegrations integrations() {
    return integrations;
  }

  GorgiasViews views() {
    return views;
  }

  RateLimiter bucket() {
    return bucket;
  }

  // ---- for tests and the local stack ----

  /** The default API user's email (Basic auth's user name). */
  public String apiEmail() {
    return GorgiasAccount.API_EMAIL;
  }

  /** The default API user's REST API key (Basic auth's password). */
  public String apiKey() {
    return GorgiasAccount.API_KEY;
  }

  /** The default API user's id. */
  public long apiUserId() {
    return locked(() -> account.apiUser().id());
  }

  /** A new API user of that email with its own key (e.g. a second connection): the key. */
  public String newApiKey(String email) {
    return locked(() -> account.newApiKey(email));
  }

  /** An agent of that name (the existing one, or a new one): its user id. */
  public long addAgent(String name) {
    return locked(() -> account.agentNamed(name).id());
  }

  /** The id of the team of that name, created (with no members) when the account has none. */
  public long team(String name) {
    return locked(() -> account.teams().stream().filter(t -> t.name().equalsIgnoreCase(name)).findFirst()
        .orElseGet(() -> account.addTeam(name, List.of())).id());
  }

  public Optional<Customer> customerByEmail(String email) {
    return locked(() -> customers.byEmail(email).map(c -> new Customer(c.id, c.email, c.name, c.externalId)));
  }

  public Optional<Ticket> ticket(long id) {
    return locked(() -> tickets.find(id).map(GorgiasSimulator::view));
  }

  /** Every ticket, oldest first. */
  public List<Ticket> allTickets() {
    return locked(() -> tickets.all().stream().map(GorgiasSimulator::view).toList());
  }

  /** The newest ticket with this {@code external_id}. */
  public Optional<Ticket> ticketByExternalId(String externalId) {
    return allTickets().stream().filter(t -> externalId.equals(t.externalId())).reduce((a, b) -> b);
  }

  /** The agent who has the ticket (or the API user) writes an internal note, as the desk's "Internal note…". */
  public void internalNote(long ticketId, String text) {
    desk.note(Long.toString(ticketId), text);
  }

  public List<Integration> integrationRegistrations() {
    return locked(() -> integrations.all().stream().map(i -> new Integration(i.id, i.name, i.http.url(),
        i.http.method(), i.http.headers(), i.http.triggers(), i.active())).toList());
  }

  /** Every integration request made so far (retries included), in order. */
  public List<WebhookSender.Delivery> deliveries() {
    return integrations.deliveries().log();
  }

  /** The next {@code tries} integration requests get no answer, as if the receiver were down. */
  public void makeDeliveriesUnreachable(int tries) {
    integrations.deliveries().makeUnreachable(tries);
  }

  /** How failed integration requests are retried from now on (tests: milliseconds). */
  public void retrySchedule(WebhookSender.RetrySchedule schedule, Duration answerTimeout) {
    integrations.deliveries().retries(schedule, answerTimeout);
  }

  /** After how many failed requests in a row an integration is deactivated (Gorgias: 100). */
  public void disableAfterFailures(int failures) {
    integrations.deliveries().disableAfter(failures);
  }

  /** A custom leaky bucket for the account (a fresh, empty one). */
  public void rateLimit(double perSecond, int burst) {
    bucket = new RateLimiter(perSecond, burst);
  }

  /** Turns the account's rate limit off (or on again), for tests about something else. */
  public void rateLimit(boolean on) {
    bucket.enabled(on);
  }

  private static Ticket view(GorgiasTicket t) {
    return new Ticket(t.id, t.customerId, t.channel, t.via, t.status, t.subject, t.externalId, t.assigneeUserId,
        t.assigneeTeamId, List.copyOf(t.tags), List.copyOf(t.messages));
  }

  @Override
  public void close() {
    integrations.close();
  }
}
