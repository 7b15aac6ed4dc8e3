package io.baton.sandbox.chat2desk;

import io.baton.sandbox.kit.Hmac;
import io.baton.sandbox.kit.KitJson;
import io.baton.sandbox.kit.WebhookSender;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The company's webhooks (at most 5): each a URL, the events it wants and optionally the channels it wants them from.
 * Events go out one per POST through the kit's {@link WebhookSender} (in order per webhook), signed with the company's
 * secret when signing is on. Guarded by the simulator's monitor (the sender has its own threads).
 */
final class Chat2DeskWebhooks implements AutoCloseable {
  static final int MAX_WEBHOOKS = 5;
  /** What the simulator fires; the others Chat2Desk documents are accepted but never fire here. */
  static final Set<String> FIRED = Set.of("inbox", "outbox", "close_dialog", "dialog_transferred");
  static final Set<String> KNOWN = Set.of("inbox", "outbox", "close_dialog", "dialog_transferred", "outbox_status",
      "new_ticket", "ticket_updated", "ticket_deleted", "client_added_to_blacklist", "imported_message");

  static final class Webhook {
    final long id;
    String name;
    String url;
    List<String> events;
    List<Long> channels;

    Webhook(long id, String name, String url, List<String> events, List<Long> channels) {
      this.id = id;
      this.name = name;
      this.url = url;
      this.events = events;
      this.channels = channels;
    }
  }

  private final Chat2DeskSettings settings;
  private final Chat2DeskCompany company;
  private final Chat2DeskDeliveryPolicy policy;
  private final WebhookSender sender;
  private final Map<Long, Webhook> webhooks = new LinkedHashMap<>();
  private final AtomicLong nextId = new AtomicLong(40);
  private final AtomicLong nextEvent = new AtomicLong();

  Chat2DeskWebhooks(Chat2DeskSettings settings, Chat2DeskCompany company) {
    this.settings = settings;
    this.company = company;
    this.policy = new Chat2DeskDeliveryPolicy(settings.retryWaits(), settings.disableAfter());
    Duration first = settings.retryWaits().isEmpty() ? Duration.ZERO : settings.retryWaits().get(0);
    this.sender = new WebhookSender(Chat2DeskSimulator.NAME, new WebhookSender.RetrySchedule(policy.tries(), first, 1),
        this::sign, settings.answerTimeout(), policy);
  }

  /** POST /webhooks. */
  Webhook create(String name, String url, List<String> events, List<Long> channels) {
    check(name, url, events, channels);
    if (webhooks.size() >= MAX_WEBHOOKS) {
      throw new Chat2DeskError(400, "Webhooks limit exceeded");
    }
    Webhook w = new Webhook(nextId.incrementAndGet(), name, url, List.copyOf(events), List.copyOf(channels));
    webhooks.put(w.id, w);
    return w;
  }

  /** PUT /webhooks/{id}: the given fields change; a disabled webhook is enabled again. */
  Webhook update(long id, String name, String url, List<String> events, List<Long> channels) {
    Webhook w = get(id);
    check(name == null ? w.name : name, url == null ? w.url : url, events == null ? w.events : events,
        channels == null ? w.channels : channels);
    w.name = name == null ? w.name : name;
    w.url = url == null ? w.url : url;
    w.events = events == null ? w.events : List.copyOf(events);
    w.channels = channels == null ? w.channels : List.copyOf(channels);
    policy.enable(Long.toString(id));
    return w;
  }

  void delete(long id) {
    get(id);
    webhooks.remove(id);
    sender.remove(Long.toString(id));
  }

  Webhook get(long id) {
    Webhook w = webhooks.get(id);
    if (w == null) {
      throw Chat2DeskError.notFound("Webhook");
    }
    return w;
  }

  List<Webhook> all() {
    return List.copyOf(webhooks.values());
  }

  boolean disabled(Webhook w) {
    return policy.disabled(Long.toString(w.id));
  }

  /** Sends the event to every webhook that wants it from this channel. */
  void emit(String hookType, long channelId, String subject, Map<String, Object> payload) {
    String body = KitJson.write(payload);
    String eventId = hookType + "-" + subject + "-" + nextEvent.incrementAndGet();
    for (Webhook w : webhooks.values()) {
      if (w.events.contains(hookType) && (w.channels.isEmpty() || w.channels.contains(channelId))
          && !disabled(w)) {
        sender.send(new WebhookSender.Subscription(Long.toString(w.id), w.url, Chat2DeskCompany.WEBHOOK_SECRET),
            eventId, hookType, body);
      }
    }
  }

  List<WebhookSender.Delivery> deliveries() {
    return sender.deliveries();
  }

  void makeUnreachable(int tries) {
    policy.makeUnreachable(tries);
  }

  private Map<String, String> sign(WebhookSender.Subscription s, byte[] body, java.time.Instant at) {
    return settings.signing() ? Map.of(settings.signatureHeader(),
        signature(settings.signatureAlgorithm(), s.secret(), body)) : Map.of();
  }

  /** The hex MAC of the raw body with the secret. */
  static String signature(String algorithm, String secret, byte[] body) {
    return Hmac.hex(algorithm, secret, body);
  }

  private void check(String name, String url, List<String> events, List<Long> channels) {
    if (name == null || name.isBlank()) {
      throw Chat2DeskError.field("name", "is required");
    }
    if (url == null || !Chat2DeskMessages.isHttpUrl(url)) {
      throw Chat2DeskError.field("url", "must be an http(s) URL");
    }
    if (events == null || events.isEmpty()) {
      throw Chat2DeskError.field("events", "is required (a non-empty list)");
    }
    List<String> unknown = new ArrayList<>(events);
    unknown.removeAll(KNOWN);
    if (!unknown.isEmpty()) {
      throw Chat2DeskError.field("events", "has unknown events " + unknown);
    }
    for (Long c : channels) {
      if (!company.isChannel(c)) {
        throw Chat2DeskError.field("channels", "has an unknown channel " + c);
      }
    }
  }

  @Override
  public void close() {
    sender.close();
  }
}
