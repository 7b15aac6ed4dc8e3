package io.baton.sandbox.chat2desk;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The sandbox's Chat2Desk company: its fixed dev credentials, operators (the bot and the humans), the operator group
 * and the channels. Operators come online and go offline; the rest is fixed. Guarded by the simulator's monitor.
 */
public final class Chat2DeskCompany {
  /** The company's API token (the {@code Authorization} header, no Bearer). */
  public static final String TOKEN = "c2d-sandbox-token";
  /** The secret webhook POSTs are signed with when signing is on. */
  public static final String WEBHOOK_SECRET = "c2d-sandbox-webhook-secret";
  public static final String COMPANY_NAME = "Baton Sandbox";

  public static final long BOT_OPERATOR_ID = 1001;
  /** Alex is online (and the desk's default agent name). */
  public static final long ALEX_OPERATOR_ID = 1002;
  /** Maria is online. */
  public static final long MARIA_OPERATOR_ID = 1003;
  /** Oleg is offline. */
  public static final long OLEG_OPERATOR_ID = 1004;
  /** "Support": Alex, Maria and Oleg. */
  public static final long SUPPORT_GROUP_ID = 301;

  public static final long WHATSAPP_CHANNEL_ID = 11;
  public static final long TELEGRAM_CHANNEL_ID = 12;
  public static final long WIDGET_CHANNEL_ID = 13;
  /** The external channel Baton's widget visitors are handed over through. */
  public static final long EXTERNAL_CHANNEL_ID = 14;

  /** An operator as {@code GET /operators} shows it. */
  static final class Operator {
    final long id;
    final String email;
    final String firstName;
    final String lastName;
    final String role;
    final String phone;
    boolean online;
    Instant lastVisit = Instant.now();

    Operator(long id, String email, String firstName, String lastName, String role, String phone, boolean online) {
      this.id = id;
      this.email = email;
      this.firstName = firstName;
      this.lastName = lastName;
      this.role = role;
      this.phone = phone;
      this.online = online;
    }

    String fullName() {
      return (firstName + " " + lastName).trim();
    }
  }

  /** A channel: its transport ({@code whatsapp}, {@code telegram}, {@code widget}, {@code external}). */
  public record Channel(long id, String name, String transport) {
    boolean external() {
      return transport.equals("external");
    }
  }

  record Group(long id, String name, List<Long> operatorIds) {}

  private final Map<Long, Operator> operators = new LinkedHashMap<>();
  private final Map<Long, Group> groups = new LinkedHashMap<>();
  private final Map<Long, Channel> channels = new LinkedHashMap<>();

  Chat2DeskCompany() {
    add(new Operator(BOT_OPERATOR_ID, "bot@sandbox.chat2desk", "Baton", "Bot", "operator", null, true));
    add(new Operator(ALEX_OPERATOR_ID, "alex@sandbox.chat2desk", "Alex", "Smirnov", "operator", "79000000002", true));
    add(new Operator(MARIA_OPERATOR_ID, "maria@sandbox.chat2desk", "Maria", "Ivanova", "supervisor", "79000000003",
        true));
    add(new Operator(OLEG_OPERATOR_ID, "oleg@sandbox.chat2desk", "Oleg", "Petrov", "operator", null, false));
    groups.put(SUPPORT_GROUP_ID,
        new Group(SUPPORT_GROUP_ID, "Support", List.of(ALEX_OPERATOR_ID, MARIA_OPERATOR_ID, OLEG_OPERATOR_ID)));
    for (Channel c : List.of(new Channel(WHATSAPP_CHANNEL_ID, "WhatsApp", "whatsapp"),
        new Channel(TELEGRAM_CHANNEL_ID, "Telegram", "telegram"), new Channel(WIDGET_CHANNEL_ID, "Site widget",
            "widget"),
        new Channel(EXTERNAL_CHANNEL_ID, "Baton widget", "external"))) {
      channels.put(c.id(), c);
    }
  }

  private void add(Operator o) {
    operators.put(o.id, o);
  }

  List<Operator> operators() {
    return new ArrayList<>(operators.values());
  }

  Operator operator(long id) {
    Operator o = operators.get(id);
    if (o == null) {
      throw Chat2DeskError.field("operator_id", "is not an operator of the company");
    }
    return o;
  }

  boolean isOperator(long id) {
    return operators.containsKey(id);
  }

  /** The operator with this first name, full name or email (the desk's agent names), case-insensitive. */
  Optional<Operator> operatorNamed(String name) {
    return operators.values().stream().filter(o -> o.firstName.equalsIgnoreCase(name)
        || o.fullName().equalsIgnoreCase(name) || o.email.equalsIgnoreCase(name)
        || Long.toString(o.id).equals(name)).findFirst();
  }

  /**
   * The operator with this name, or a new one (online, the name as first name) when none has it: a person who signs
   * in at the desk under a name of their own is an operator the company added.
   */
  Operator operatorNamedOrNew(String name) {
    return operatorNamed(name).orElseGet(() -> {
      long id = operators.keySet().stream().mapToLong(Long::longValue).max().orElse(0) + 1;
      Operator o = new Operator(id, name.toLowerCase(java.util.Locale.ROOT).replaceAll("[^a-z0-9]+", ".")
          + "@sandbox.chat2desk", name, "", "operator", null, true);
      add(o);
      return o;
    });
  }

  List<Group> groups() {
    return List.copyOf(groups.values());
  }

  Group group(long id) {
    Group g = groups.get(id);
    if (g == null) {
      throw Chat2DeskError.field("group_id", "is not a group of the company");
    }
    return g;
  }

  List<Channel> channels() {
    return List.copyOf(channels.values());
  }

  Channel channel(long id) {
    Channel c = channels.get(id);
    if (c == null) {
      throw Chat2DeskError.field("channel_id", "is not a channel of the company");
    }
    return c;
  }

  boolean isChannel(long id) {
    return channels.containsKey(id);
  }
}
