package io.baton.sandbox.gorgias;

import static io.baton.sandbox.kit.KitJson.object;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Map;

/**
 * The API's JSON for the account's objects, field names as developers.gorgias.com shows them. Datetimes are UTC
 * without an offset, as in the docs' examples ({@code 2021-01-07T13:00:00.123456}).
 */
final class GorgiasViews {
  private static final DateTimeFormatter DATETIME = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSSSSS")
      .withZone(ZoneOffset.UTC);

  private final GorgiasAccount account;
  private final GorgiasCustomers customers;
  private final GorgiasTickets tickets;

  GorgiasViews(GorgiasAccount account, GorgiasCustomers customers, GorgiasTickets tickets) {
    this.account = account;
    this.customers = customers;
    this.tickets = tickets;
  }

  static String datetime(Instant at) {
    return at == null ? null : DATETIME.format(at);
  }

  /** A paginated list: {@code {object:"list", uri, data, meta:{prev_cursor, next_cursor}}} (one page here). */
  static Map<String, Object> list(String uri, List<?> data) {
    return object("object", "list", "uri", uri, "data", data, "meta", object("prev_cursor", null, "next_cursor",
        null));
  }

  Map<String, Object> customer(GorgiasCustomers.Customer c) {
    return object("id", c.id, "email", c.email, "name", c.name, "firstname", c.firstname(), "lastname",
        c.lastname(), "external_id", c.externalId, "language", null, "timezone", null, "note", null,
        "channels", c.channels.stream().map(ch -> object("id", ch.id(), "type", ch.type(), "address", ch.address(),
            "preferred", ch.type().equals("email"))).toList(),
        "data", null, "meta", Map.of(), "created_datetime", datetime(c.created), "updated_datetime",
        datetime(c.created), "uri", "/api/customers/" + c.id + "/");
  }

  /** The short customer of a ticket or a message. */
  Map<String, Object> customerRef(long id) {
    return customers.find(id).<Map<String, Object>>map(c -> object("id", c.id, "email", c.email, "name", c.name,
        "firstname", c.firstname(), "lastname", c.lastname())).orElse(null);
  }

  Map<String, Object> user(GorgiasAccount.User u) {
    return object("id", u.id(), "email", u.email(), "name", u.name(), "firstname", u.firstname(), "lastname",
        u.lastname(), "active", true, "bio", null, "role", Map.of("name", u.role()), "meta", Map.of(),
        "created_datetime", datetime(u.created()), "uri", "/api/users/" + u.id() + "/");
  }

  Map<String, Object> userRef(Long id) {
    return id == null ? null : account.user(id).<Map<String, Object>>map(u -> object("id", u.id(), "email",
        u.email(), "name", u.name(), "firstname", u.firstname(), "lastname", u.lastname())).orElse(null);
  }

  Map<String, Object> team(GorgiasAccount.Team t) {
    return object("id", t.id(), "name", t.name(), "description", null, "decoration", null,
        "members", t.members().stream().map(this::userRef).toList(), "created_datetime", datetime(t.created()),
        "uri", "/api/teams/" + t.id() + "/");
  }

  Map<String, Object> teamRef(Long id) {
    return id == null ? null : account.team(id).<Map<String, Object>>map(t -> object("id", t.id(), "name", t.name(),
        "decoration", null)).orElse(null);
  }

  Map<String, Object> message(GorgiasMessage m) {
    Map<String, Object> sender = m.fromAgent() ? userRef(m.senderId()) : customerRef(m.senderId());
    Map<String, Object> receiver = m.receiverId() == null ? null : customerRef(m.receiverId());
    return object("id", m.id(), "uri", "/api/tickets/" + m.ticketId() + "/messages/" + m.id() + "/",
        "ticket_id", m.ticketId(), "channel", m.channel(), "via", m.via(), "source", object("type", m.channel(),
            "from", address(sender), "to", receiver == null ? List.of() : List.of(address(receiver))),
        "sender", sender, "receiver", receiver, "integration_id", null, "rule_id", null,
        "external_id", m.externalId(), "message_id", null, "public", m.isPublic(), "from_agent", m.fromAgent(),
        "subject", m.subject(), "body_text", m.bodyText(), "body_html", m.bodyHtml(),
        "stripped_text", m.bodyText(), "attachments", m.attachments().stream().map(a -> object("url", a.url(),
            "name", a.name(), "content_type", a.contentType(), "size", a.size(), "public", true)).toList(),
        "meta", null, "headers", null, "actions", null, "macros", null,
        "created_datetime", datetime(m.createdDatetime()), "sent_datetime", datetime(m.sentDatetime()),
        "failed_datetime", null, "deleted_datetime", null, "opened_datetime", null, "last_sending_error", null);
  }

  private static Map<String, Object> address(Map<String, Object> person) {
    return person == null ? null : object("name", person.get("name"), "address", person.get("email"));
  }

  Map<String, Object> ticket(GorgiasTicket t) {
    return object("id", t.id, "uri", "/api/tickets/" + t.id + "/", "external_id", t.externalId,
        "language", null, "status", t.status, "priority", "normal", "channel", t.channel, "via", t.via,
        "from_agent", t.fromAgent, "spam", false, "customer", customerRef(t.customerId),
        "assignee_user", userRef(t.assigneeUserId), "assignee_team", teamRef(t.assigneeTeamId),
        "subject", t.subject, "excerpt", excerpt(t),
        "tags", t.tags.stream().map(name -> object("id", tickets.tagId(name).orElse(null), "name", name,
            "uri", "/api/tags/" + tickets.tagId(name).orElse(null) + "/", "decoration", null)).toList(),
        "messages", t.messages.stream().map(this::message).toList(), "messages_count", t.messages.size(),
        "meta", null, "custom_fields", Map.of(), "integrations", List.of(),
        "created_datetime", datetime(t.created), "opened_datetime", null,
        "last_received_message_datetime", datetime(t.lastReceivedMessageDatetime()),
        "last_message_datetime", datetime(t.lastMessageDatetime()), "updated_datetime", datetime(t.updated),
        "closed_datetime", datetime(t.closed), "snooze_datetime", null, "trashed_datetime", null);
  }

  /**
   * What an HTTP integration's templates see as {@code ticket}: the ticket as the API shows it, with the flat ids
   * of the TicketHttpIntegration object ({@code customer_id}, {@code assignee_user_id}, {@code assignee_team_id}).
   */
  Map<String, Object> templateTicket(GorgiasTicket t) {
    Map<String, Object> view = ticket(t);
    view.put("customer_id", t.customerId);
    view.put("assignee_user_id", t.assigneeUserId);
    view.put("assignee_team_id", t.assigneeTeamId);
    return view;
  }

  private static String excerpt(GorgiasTicket t) {
    String text = t.messages.isEmpty() ? null : t.messages.get(t.messages.size() - 1).bodyText();
    return text == null ? "" : text.length() > 100 ? text.substring(0, 100) : text;
  }
}
