package io.baton.sandbox.oracle;

import com.fasterxml.jackson.databind.JsonNode;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.DeskLine;
import io.baton.sandbox.kit.SimulatorSupport;
import io.javalin.Javalin;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Predicate;
import java.util.regex.Pattern;

/**
 * Oracle B2C Service chat, consumer side: the site's {@code establishSessions} under {@code /oracle}
 * ({@link OracleSiteApi}, {@link OracleSite}) and the chat session server's engagement API under
 * {@code /oracle-chat/engagement/api/consumer/{fqSiteName}/v1/} ({@link OracleEngagementApi},
 * {@link OracleEngagements}, the long poll in {@link OraclePolls}), with its agents on the desk ({@link OracleDesk}).
 * The session server's domain is {@code localhost:<port>/oracle-chat}: a client that builds
 * {@code <scheme>://<domain>/engagement/...} from {@code sessionServerResponse} reaches this sandbox.
 */
public final class OracleChatSimulator extends SimulatorSupport {
  /** The default API user's name and password, for clients of a sandbox in another process. */
  public static final String USERNAME = OracleSite.USERNAME;
  public static final String PASSWORD = OracleSite.PASSWORD;
  /** Its name on the desk, in faults' paths and the console. */
  public static final String NAME = "oracle_chat";
  /** Where the site ({@code https://<site>.custhelp.com}) is served. */
  public static final String SITE_PATH = "/oracle";
  /** Where the chat session server is served: the path part of the domain it names. */
  public static final String SESSION_SERVER_PATH = "/oracle-chat";

  /** An engagement as a test reads it. */
  public record Engagement(long engagementId, String sessionId, String state, String agentName,
      JsonNode sessionInformation, String endUserMode, List<DeskLine> transcript) {}

  private final OracleSite site;
  private final OraclePolls polls;
  private final OracleEngagements engagements;
  private final OracleDesk desk;

  public OracleChatSimulator(OracleSettings settings, ScheduledExecutorService timers) {
    super(NAME);
    Clock clock = Clock.systemUTC();
    this.site = new OracleSite(settings, clock);
    Object lock = new Object();
    this.polls = new OraclePolls(lock, timers, settings.pollHold());
    this.engagements = new OracleEngagements(lock, site, polls, settings, clock);
    this.desk = new OracleDesk(engagements);
  }

  @Override
  protected void registerApi(Javalin app) {
    OracleSiteApi.register(app, SITE_PATH, site, faults());
    OracleEngagementApi.register(app, SESSION_SERVER_PATH, this);
    OracleSandboxRoutes.register(app, this);
  }

  @Override
  public AgentDesk desk() {
    return desk.desk();
  }

  OracleSite site() {
    return site;
  }

  OracleEngagements store() {
    return engagements;
  }

  /** Where the sandbox runs ({@code http://localhost:<port>}): the session server's domain follows it. */
  public void baseUrl(String baseUrl) {
    site.domain(baseUrl.replaceFirst("^https?://", "") + SESSION_SERVER_PATH);
  }

  // ---- the site, for tests and the local stack ----

  public String siteName() {
    return site.siteName();
  }

  /** The default API user's name and password (Basic auth on {@code establishSessions}). */
  public String username() {
    return OracleSite.USERNAME;
  }

  public String password() {
    return OracleSite.PASSWORD;
  }

  /** Adds (or changes the password of) an API user. */
  public void user(String username, String password) {
    site.user(username, password);
  }

  public void removeUser(String username) {
    site.removeUser(username);
  }

  /** The session server's pool, as {@code establishSessions} names it. */
  public String pool() {
    return OracleSite.POOL;
  }

  /** The agents online: what {@code getQueueStats} answers as {@code availableAgentSessions}. */
  public void agentsOnline(int agents) {
    site.agentsOnline(agents);
  }

  public int agentsOnline() {
    return site.agentsOnline();
  }

  /** A routing rule: requests whose session information matches are dequeued (409 with {@code reason}). */
  public void dequeueWhen(Predicate<JsonNode> sessionInformation, String reason) {
    site.dequeueRule(new OracleSite.DequeueRule(sessionInformation, reason));
  }

  /** Requests for this queue are dequeued by the routing rules. */
  public void dequeueQueue(long queueId) {
    dequeueWhen(info -> info.path("queueId").asLong(-1) == queueId,
        "The chat request was dequeued by the routing rules of queue " + queueId);
  }

  public void clearDequeueRule() {
    site.dequeueRule(null);
  }

  /** How long {@code getMessages} holds a poll with nothing to answer. */
  public void pollHold(Duration hold) {
    polls.hold(hold);
  }

  /** How long channel tokens issued from now on are accepted. */
  public void jwtLifetime(Duration lifetime) {
    site.jwtLifetime(lifetime);
  }

  /** The abuse checks: a message longer than this auto-terminates its engagement. */
  public void maxBodyLength(int length) {
    engagements.abuse().maxBodyLength(length);
  }

  /**
   * The abuse checks: a message matching this is blocked (200, a notice to the end user, nothing to the agent); the
   * third block in an engagement auto-terminates it. Null: nothing is blocked (the default).
   */
  public void blockMessages(Pattern pattern) {
    engagements.abuse().blocked(pattern);
  }

  // ---- engagements ----

  /** Every engagement, oldest first. */
  public List<Engagement> engagements() {
    return engagements.locked(d -> engagements.all().stream().map(OracleChatSimulator::view).toList());
  }

  public Optional<Engagement> engagement(String sessionId) {
    return engagements().stream().filter(e -> e.sessionId().equals(sessionId)).findFirst();
  }

  /** Every system message of the session so far, handed out or not, in sequence. */
  public List<Map<String, Object>> systemMessages(String sessionId) {
    return engagements.locked(d -> List.copyOf(engagements.session(sessionId).systemMessages));
  }

  /** The system messages of the session not yet handed to a poll. */
  public List<Map<String, Object>> pendingMessages(String sessionId) {
    return engagements.locked(d -> List.copyOf(engagements.session(sessionId).pending));
  }

  /** Whether a {@code getMessages} of the session is held open now. */
  boolean polling(String sessionId) {
    return engagements.locked(d -> engagements.session(sessionId).heldPoll != null);
  }

  /** Whether the held poll's client has closed its connection (false when none is held). */
  boolean pollerHungUp(String sessionId) {
    return engagements.locked(d -> {
      OracleEngagement.HeldPoll held = engagements.session(sessionId).heldPoll;
      return held != null && held.clientGone().getAsBoolean();
    });
  }

  private static Engagement view(OracleEngagement e) {
    return new Engagement(e.engagementId, e.sessionId, e.state.name(), e.agentName, e.sessionInformation.deepCopy(),
        e.endUserMode, List.copyOf(e.transcript));
  }

  @Override
  public void close() {
    engagements.releasePolls();
  }
}
