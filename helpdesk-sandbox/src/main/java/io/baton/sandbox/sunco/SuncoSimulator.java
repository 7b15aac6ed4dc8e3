package io.baton.sandbox.sunco;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.Desk;
import io.baton.sandbox.kit.DeskException;
import io.baton.sandbox.kit.RateLimiter;
import io.baton.sandbox.kit.SimulatorSupport;
import io.baton.sandbox.kit.WebhookSender;
import io.javalin.Javalin;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Zendesk's Sunshine Conversations v2 API for one sandbox app (served under {@code /zendesk/sc/v2/...}, see
 * {@link SuncoApi}), its Agent Workspace as this simulator's agent desk, and a messenger page where a person plays an
 * end user ({@link MessengerApi}). The account is fixed: {@link #APP_ID}, an app-scope API key ({@link #KEY_ID},
 * {@link #KEY_SECRET}), the Web Messenger integration, and an enabled switchboard whose default is the Agent
 * Workspace. All state sits behind this simulator's monitor; webhooks are queued under it, so each webhook sees
 * events in the order they happened.
 */
public final class SuncoSimulator extends SimulatorSupport {
  public static final String NAME = "sunco";
  public static final String APP_ID = "65a1b2c3d4e5f60718293a4b";
  public static final String KEY_ID = "app_65a1b2c3d4e5f60718293a4c";
  public static final String KEY_SECRET = "sandbox-sunco-key-secret-0f3b9c2e7a";
  public static final String WEB_INTEGRATION_ID = "65a1b2c3d4e5f60718293a4d";
  public static final String SWITCHBOARD_ID = "65a1b2c3d4e5f60718293a4e";
  public static final String AGENT_WORKSPACE_INTEGRATION_ID = "65a1b2c3d4e5f60718293a4f";
  public static final String AGENT_WORKSPACE_SWITCHBOARD_INTEGRATION_ID = "65a1b2c3d4e5f60718293a50";

  private final SuncoAuth auth = new SuncoAuth(Map.of(KEY_ID, KEY_SECRET));
  private final RateLimiter rateLimiter;
  private final SuncoUsers users = new SuncoUsers();
  private final SuncoIntegrations integrations = new SuncoIntegrations(WEB_INTEGRATION_ID);
  private final Switchboard switchboard = new Switchboard(SWITCHBOARD_ID, AGENT_WORKSPACE_SWITCHBOARD_INTEGRATION_ID,
      AGENT_WORKSPACE_INTEGRATION_ID);
  private final SuncoWebhooks webhooks;
  private final SuncoConversations conversations;
  private final SwitchboardControl control;
  private final AgentWorkspace workspace;
  private final Messenger messenger;
  private final SuncoJournal journal = new SuncoJournal();
  /**
   * The agent's actions on a ticket: accept (assign), say, typing, leave (unassign), transfer (reassign to another
   * agent) and end (close the ticket: control goes back with reason ticketClosed). Attachments and the move to
   * email are {@link #agentAttaches} and {@link #transferToEmail}.
   */
  private final Desk desk;

  public SuncoSimulator() {
    this(SuncoSettings.defaults());
  }

  public SuncoSimulator(SuncoSettings settings) {
    super(NAME);
    rateLimiter = new RateLimiter(settings.requestsPerSecond(), settings.burst());
    webhooks = new SuncoWebhooks(APP_ID, settings.webhookRetries(), settings.answerTimeout());
    conversations = new SuncoConversations(users, switchboard, integrations, webhooks, settings.messageLimit());
    control = new SwitchboardControl(conversations, switchboard);
    workspace = new AgentWorkspace(conversations, control, switchboard, settings.groupExists(),
        AGENT_WORKSPACE_INTEGRATION_ID);
    control.workspace(workspace);
    messenger = new Messenger(users, conversations, WEB_INTEGRATION_ID);
    desk = Desk.of(NAME, this::deskChats, this::deskChat)
        .accept((id, agent) -> act(() -> workspace.accept(id, agent)))
        .say((id, text) -> act(() -> workspace.say(id, SuncoJson.object().put("type", "text").put("text", text))))
        .typing((id, on) -> act(() -> workspace.typing(id, on)))
        .leave(id -> act(() -> workspace.leave(id)))
        .transfer((id, agent) -> act(() -> workspace.transfer(id, agent)))
        .end(id -> act(() -> workspace.close(id, false)))
        .refusals(e -> e instanceof SuncoError s
            ? new DeskException(s.status() == 404 || s.status() == 400 ? s.status() : 409, s.getMessage()) : null)
        .build();
  }

  @Override
  protected void registerApi(Javalin app) {
    SuncoApi.register(app, this);
    MessengerApi.register(app, this);
  }

  @Override
  public AgentDesk desk() {
    return desk;
  }

  /** Runs a call under the simulator's monitor; the webhooks it raises go out together when it ends. */
  synchronized <T> T locked(Supplier<T> call) {
    webhooks.beginCall();
    try {
      return call.get();
    } finally {
      webhooks.endCall();
    }
  }

  synchronized void act(Runnable call) {
    locked(() -> {
      call.run();
      return null;
    });
  }

  String authenticate(String authorization) {
    return auth.keyIdOf(authorization);
  }

  RateLimiter rateLimiter() {
    return rateLimiter;
  }

  SuncoUsers users() {
    return users;
  }

  SuncoIntegrations integrations() {
    return integrations;
  }

  Switchboard switchboard() {
    return switchboard;
  }

  SuncoConversations conversations() {
    return conversations;
  }

  SwitchboardControl control() {
    return control;
  }

  SuncoWebhooks webhooks() {
    return webhooks;
  }

  Messenger messenger() {
    return messenger;
  }

  /** An app-scope JWT for the sandbox's key, as a client would sign it. */
  public static String appJwt() {
    return SuncoAuth.appJwt(KEY_ID, KEY_SECRET);
  }

  /** An app-scope JWT signed with another secret (tests of the 401). */
  public static String appJwt(String keyId, String secret) {
    return SuncoAuth.appJwt(keyId, secret);
  }

  /** Turns the rate limit off (or on again), for tests about something else. */
  public void rateLimit(boolean on) {
    rateLimiter.enabled(on);
  }

  public int rateLimitedCount() {
    return rateLimiter.refusedCount();
  }

  /** The requests received so far. */
  public SuncoJournal journal() {
    return journal;
  }

  /** Every webhook POST made so far, in order, with its answer's status (0: no answer). */
  public List<WebhookSender.Delivery> deliveries() {
    return webhooks.deliveries();
  }

  // ---- the end user's side (the messenger) ----

  /** The end user (found or created by externalId) writes a text message in their conversation; its id. */
  public String userWrites(String externalId, String text) {
    return locked(() -> messenger.write(externalId, SuncoJson.object().put("type", "text").put("text", text)));
  }

  /** The end user taps a quick reply of a message: its text is sent, with its payload. */
  public String userTapsReply(String externalId, String messageId, int actionIndex) {
    return locked(() -> messenger.tapReply(externalId, messageId, actionIndex));
  }

  /** The end user's latest conversation, if they have one. */
  public Optional<String> conversationOf(String externalId) {
    return locked(() -> messenger.conversationOf(externalId).map(c -> c.id));
  }

  /** A conversation's messages as the API lists them (author subtypes included). */
  public List<JsonNode> messages(String conversationId) {
    return locked(() -> conversations.require(conversationId).messages.stream()
        .map(m -> (JsonNode) m.json().deepCopy()).toList());
  }

  /** A conversation as the API answers it. */
  public ObjectNode conversation(String conversationId) {
    return locked(() -> conversations.toJson(conversations.require(conversationId)));
  }

  // ---- the agent's side (beyond the desk) ----

  public List<AgentTicket> tickets() {
    return locked(workspace::tickets);
  }

  public Optional<AgentTicket> ticket(String id) {
    return locked(() -> workspace.ticket(id));
  }

  /** The agent sends an image ({@code image}) or a file; a business message from {@code zd:agentWorkspace}. */
  public void agentAttaches(String ticketId, String mediaUrl, boolean image, String altText) {
    desk.refusing(() -> act(() -> {
      ObjectNode content = SuncoJson.object().put("type", image ? "image" : "file").put("mediaUrl", mediaUrl);
      if (altText != null) {
        content.put("altText", altText);
      }
      workspace.say(ticketId, MessagePosts.content(content));
    }));
  }

  /** The agent moves the conversation to email: the ticket leaves messaging, control goes back (transferToEmail). */
  public void transferToEmail(String ticketId) {
    desk.refusing(() -> act(() -> workspace.close(ticketId, true)));
  }

  private List<io.baton.sandbox.kit.DeskChat> deskChats() {
    return locked(workspace::deskChats);
  }

  private Optional<io.baton.sandbox.kit.DeskChat> deskChat(String id) {
    return locked(() -> workspace.deskChat(id));
  }

  @Override
  public synchronized void close() {
    webhooks.close();
  }
}
