package io.baton.sandbox.chat2desk;

import io.baton.sandbox.kit.AgentDesk;
import io.baton.sandbox.kit.RateLimiter;
import io.baton.sandbox.kit.SimulatorSupport;
import io.baton.sandbox.kit.WebhookSender;
import io.javalin.Javalin;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * Chat2Desk's API v1 under {@code /chat2desk/v1} ({@link Chat2DeskApi}), one sandbox company ({@link Chat2DeskCompany}:
 * its token, operators, group, channels), its clients, dialogs ({@link Chat2DeskDialogs}) and messages
 * ({@link Chat2DeskMessages}), webhooks ({@link Chat2DeskWebhooks}); the human operators on the agent desk
 * ({@link Chat2DeskDesk}) and the clients on {@code /console/chat2desk.html} ({@link Chat2DeskClientRoutes}).
 *
 * <p>All state sits behind this simulator's monitor: the parts are only called through {@link #locked}.
 */
public final class Chat2DeskSimulator extends SimulatorSupport {
  /** Its URL segment and console label. */
  public static final String NAME = "chat2desk";

  /** A dialog as a test reads it. */
  public record Dialog(long id, long clientId, long channelId, String state, Long operatorId, Long queueGroupId,
      boolean accepted) {}

  private final Chat2DeskSettings settings;
  private final Chat2DeskCompany company = new Chat2DeskCompany();
  private final Chat2DeskClients clients = new Chat2DeskClients();
  private final Chat2DeskWebhooks webhooks;
  private final Chat2DeskDialogs dialogs;
  private final Chat2DeskMessages messages;
  private final RateLimiter rateLimiter;
  private final Chat2DeskDesk desk;

  public Chat2DeskSimulator() {
    this(Chat2DeskSettings.defaults());
  }

  public Chat2DeskSimulator(Chat2DeskSettings settings) {
    super(NAME);
    this.settings = settings;
    this.webhooks = new Chat2DeskWebhooks(settings, company);
    Chat2DeskEvents events = new Chat2DeskHooks(company, clients, webhooks, this::dialogOperator);
    this.dialogs = new Chat2DeskDialogs(company, events);
    dialogs.autoAssign(settings.autoAssignOperatorId()); // an operator of the company, or null
    this.messages = new Chat2DeskMessages(company, clients, dialogs, events);
    this.rateLimiter = new RateLimiter(settings.requestsPerSecond(), settings.burst());
    this.desk = new Chat2DeskDesk(this);
  }

  private Long dialogOperator(Long dialogId) {
    return dialogId == null ? null : dialogs.find(dialogId).map(d -> d.operatorId).orElse(null);
  }

  @Override
  protected void registerApi(Javalin app) {
    Chat2DeskApi.register(app, this);
    Chat2DeskClientRoutes.register(app, this);
  }

  @Override
  public AgentDesk desk() {
    return desk.desk();
  }

  public Chat2DeskSettings settings() {
    return settings;
  }

  /** Runs a call on the state under the monitor. */
  synchronized <T> T locked(Supplier<T> call) {
    return call.get();
  }

  synchronized void locked(Runnable call) {
    call.run();
  }

  Chat2DeskCompany company() {
    return company;
  }

  Chat2DeskClients clients() {
    return clients;
  }

  Chat2DeskDialogs dialogs() {
    return dialogs;
  }

  Chat2DeskMessages messages() {
    return messages;
  }

  Chat2DeskWebhooks webhooks() {
    return webhooks;
  }

  RateLimiter rateLimiter() {
    return rateLimiter;
  }

  // ---- for tests and the local stack ----

  /** A new client on a channel (not an external one: those come through {@code /messages/inbox}). */
  public long newClient(long channelId, String name, String phone) {
    return locked(() -> {
      company.channel(channelId);
      return clients.create(channelId, name, phone, null).id;
    });
  }

  /** The client writes: the new message (its dialog opened if the client had none open). */
  public Chat2DeskMessage clientWrites(long clientId, String text) {
    return locked(() -> messages.fromClient(clients.get(clientId), text, null, null, null));
  }

  /** The client sends a file by its URL, with optional text. */
  public Chat2DeskMessage clientSends(long clientId, String url, String filename, String text) {
    return locked(() -> messages.fromClient(clients.get(clientId), text, url, filename, null));
  }

  /** The client taps the {@code index}th button of a message they received: its payload is their message. */
  public Chat2DeskMessage clientTaps(long clientId, long messageId, int index) {
    return locked(() -> {
      Chat2DeskMessage m = messages.get(messageId);
      if (m.clientId() != clientId || !m.toClient() || index < 0 || index >= m.buttons().size()) {
        throw new Chat2DeskError(400, "Message " + messageId + " has no button " + index + " for this client");
      }
      Chat2DeskMessage.Button b = m.buttons().get(index);
      return messages.fromClient(clients.get(clientId), b.payload() != null ? b.payload() : b.text(), null, null,
          null);
    });
  }

  /** Every message of the client's, oldest first (theirs, those they received, system messages and comments). */
  public List<Chat2DeskMessage> messagesOf(long clientId) {
    return locked(() -> messages.ofClient(clientId));
  }

  /** What the client received (to_client and autoreply), oldest first. */
  public List<Chat2DeskMessage> received(long clientId) {
    return messagesOf(clientId).stream().filter(Chat2DeskMessage::toClient).toList();
  }

  public Optional<Dialog> dialog(long dialogId) {
    return locked(() -> dialogs.find(dialogId).map(Chat2DeskSimulator::view));
  }

  /** The client's open dialog, if any. */
  public Optional<Dialog> openDialogOf(long clientId) {
    return locked(() -> dialogs.openOf(clientId).map(Chat2DeskSimulator::view));
  }

  /** Every dialog of the client's, oldest first. */
  public List<Dialog> dialogsOf(long clientId) {
    return locked(() -> dialogs.of(clientId).stream().map(Chat2DeskSimulator::view).toList());
  }

  /** The client of an external channel with this external id (a Baton widget visitor handed over). */
  public Optional<Long> externalClient(String externalId) {
    return locked(() -> clients.byExternalId(Chat2DeskCompany.EXTERNAL_CHANNEL_ID, externalId).map(c -> c.id));
  }

  /** The operator comes online (queued dialogs of their groups may go to them) or goes offline. */
  public void setOnline(long operatorId, boolean online) {
    locked(() -> {
      Chat2DeskCompany.Operator o = company.operator(operatorId);
      o.online = online;
      o.lastVisit = java.time.Instant.now();
      if (online) {
        dialogs.operatorOnline(operatorId);
      }
    });
  }

  /** New dialogs go to this operator (null: the general queue). */
  public void autoAssign(Long operatorId) {
    locked(() -> dialogs.autoAssign(operatorId));
  }

  /** The dialog's operator writes to the client (an {@code outbox} with their id), with an optional file. */
  public Chat2DeskMessage operatorWrites(long dialogId, String text, String attachment, String filename) {
    return locked(() -> {
      Chat2DeskDialogs.Dialog d = dialogs.get(dialogId);
      if (!d.open() || d.operatorId == null) {
        throw new Chat2DeskError(400, "Dialog " + dialogId + " is not open with an operator");
      }
      return messages.send(new Chat2DeskMessages.Outgoing(d.clientId, text, attachment, filename,
          Chat2DeskMessage.TO_CLIENT, null, d.operatorId, false, null, List.of()));
    });
  }

  /** "Close chat": {@code close_dialog}. */
  public void closeDialog(long dialogId) {
    locked(() -> dialogs.close(dialogs.get(dialogId)));
  }

  /** Every webhook POST so far, in order: its body, headers (the signature) and the answer's status (0: none). */
  public List<WebhookSender.Delivery> deliveries() {
    return webhooks.deliveries();
  }

  /** The next {@code tries} webhook POSTs get no answer, as if the receiver were down (they are retried). */
  public void makeWebhookReceiverUnreachable(int tries) {
    webhooks.makeUnreachable(tries);
  }

  /** Whether a webhook was disabled (no success for the disabling time). */
  public boolean webhookDisabled(long webhookId) {
    return locked(() -> webhooks.disabled(webhooks.get(webhookId)));
  }

  /** The signature header's value for a body, as the simulator signs it. */
  public String signature(String body) {
    return Chat2DeskWebhooks.signature(settings.signatureAlgorithm(), Chat2DeskCompany.WEBHOOK_SECRET,
        body.getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  /** Turns the rate limit off (or on again), for tests about something else. */
  public void rateLimit(boolean on) {
    rateLimiter.enabled(on);
  }

  static Dialog view(Chat2DeskDialogs.Dialog d) {
    return new Dialog(d.id, d.clientId, d.channelId, d.state, d.operatorId, d.queueGroupId, d.accepted);
  }

  @Override
  public void close() {
    webhooks.close();
  }
}
