package io.baton.local;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.baton.connector.chat2desk.channel.Chat2DeskConversations;
import io.baton.events.QuickReply;
import io.baton.sandbox.dixa.DixaSimulator;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Where the demo bot hands a visitor over, as the handover request's body: a visitor who writes from a platform's
 * inbox stays there (Zendesk's messenger, Chat2Desk); a widget visitor goes to Salesforce Live Agent with the seed's
 * payload, or to the helpdesk they pick (a quick reply, or its name after "human"): Salesforce Enhanced Chat, Zendesk
 * (Sunshine Conversations' bridge), Dixa, Chat2Desk's operators (through its external channel), Kustomer, Freshchat,
 * Gorgias or Oracle B2C Service chat, each offered when the demo tenant has it.
 *
 * @param suncoConnection     the demo tenant's Sunshine Conversations connection (its messenger's visitors, and widget
 *                            visitors who pick Zendesk); null: none
 * @param chat2deskConnection the demo tenant's Chat2Desk connection, for widget visitors; null: none
 * @param chat2deskGroup      the Chat2Desk operator group handovers go to; null: any online operator
 * @param dixa                whether widget visitors may pick Dixa (the tenant's default Dixa connection)
 * @param kustomerConnection  the demo tenant's Kustomer connection; null: none
 * @param kustomerQueue       the Kustomer queue id handovers are routed to; null: Kustomer's default queue
 * @param freshchatConnection the demo tenant's Freshchat connection; null: none
 * @param gorgiasConnection   the demo tenant's Gorgias connection; null: none
 * @param oracleConnection    the demo tenant's Oracle B2C Service chat connection; null: none
 * @param enhancedChat        whether widget visitors may pick Salesforce Enhanced Chat (MIAW, the deployment below)
 */
public record HandoverChoice(String suncoConnection, String chat2deskConnection, String chat2deskGroup, boolean dixa,
    String kustomerConnection, String kustomerQueue, String freshchatConnection, String gorgiasConnection,
    String oracleConnection, boolean enhancedChat) {
  static final String SEED_SALESFORCE_PAYLOAD = """
      {
        "isPost": true,
        "buttonId": "5736g000000k9nQ",
        "language": "en-US",
        "userAgent": "{{userAgent}}",
        "crmPlatform": "salesforce",
        "visitorName": "{{visitorName}}",
        "deploymentId": "5726g000000k9nQ",
        "organizationId": "00D6g000003Q6HI",
        "prechatDetails": [],
        "buttonOverrides": [],
        "prechatEntities": [],
        "screenResolution": "{{screenRes}}",
        "liveAgentHostname": "d.la1-c2-ia4.salesforceliveagent.com",
        "receiveQueueUpdates": true,
      }
      """;
  static final String SUNCO_CHANNEL_PAYLOAD =
      "{\"crmPlatform\": \"zendesk_sunco\", \"connectionId\": \"%s\", \"tags\": [\"baton\", \"demo\"]}";
  /** The seed's Dixa widget. */
  static final String DIXA_WIDGET = "a4fda39e-0d78-40a4-afbd-b2d35d0b2a3a";
  /** The channel conversations' id prefix (the Zendesk connector's naming). */
  static final String SUNCO_CONVERSATION_PREFIX = "sunco-";
  static final QuickReply HUMAN = new QuickReply("Talk to a human", "human");
  /**
   * The sandbox's Enhanced Chat deployment, named in a native {@code salesforce_miaw} payload: an Enhanced Chat
   * connection would take the seed's Live Agent payload too (the tenant's only one is implied), and a plain "human"
   * is Live Agent's.
   */
  static final String MIAW_SCRT_URL = "demo.my.salesforce-scrt.com";
  static final String MIAW_ORG_ID = "00D6g000003Q6HI";
  static final String MIAW_DEPLOYMENT = "Web_Chat";
  static final QuickReply ENHANCED_CHAT = new QuickReply("Enhanced Chat", "human enhanced chat");
  static final QuickReply ZENDESK = new QuickReply("Zendesk", "human zendesk");
  // The widget sends a quick reply's title: a helpdesk's name alone picks it (see picksHelpdesk).
  static final QuickReply DIXA = new QuickReply("Dixa", "human dixa");
  static final QuickReply CHAT2DESK = new QuickReply("Chat2Desk", "human chat2desk");
  static final QuickReply KUSTOMER = new QuickReply("Kustomer", "human kustomer");
  static final QuickReply FRESHCHAT = new QuickReply("Freshchat", "human freshchat");
  static final QuickReply GORGIAS = new QuickReply("Gorgias", "human gorgias");
  // "Oracle B2C Service" would take a row of the widget's quick replies of its own.
  static final QuickReply ORACLE = new QuickReply("Oracle", "human oracle");
  private static final ObjectMapper JSON = new ObjectMapper();

  /** Zendesk's messenger and Chat2Desk, as before the other helpdesks could be picked. */
  public HandoverChoice(String suncoConnection, String chat2deskConnection, String chat2deskGroup) {
    this(suncoConnection, chat2deskConnection, chat2deskGroup, false, null, null, null, null, null, false);
  }

  public static HandoverChoice salesforceOnly() {
    return new HandoverChoice(null, null, null);
  }

  /** Widget visitors may pick Dixa (the tenant's default Dixa connection). */
  public HandoverChoice withDixa() {
    return new HandoverChoice(suncoConnection, chat2deskConnection, chat2deskGroup, true, kustomerConnection,
        kustomerQueue, freshchatConnection, gorgiasConnection, oracleConnection, enhancedChat);
  }

  /** Widget visitors may pick Kustomer: that connection, that queue (null: Kustomer's default). */
  public HandoverChoice withKustomer(String connection, String queue) {
    return new HandoverChoice(suncoConnection, chat2deskConnection, chat2deskGroup, dixa, connection, queue,
        freshchatConnection, gorgiasConnection, oracleConnection, enhancedChat);
  }

  /** Widget visitors may pick Freshchat: that connection. */
  public HandoverChoice withFreshchat(String connection) {
    return new HandoverChoice(suncoConnection, chat2deskConnection, chat2deskGroup, dixa, kustomerConnection,
        kustomerQueue, connection, gorgiasConnection, oracleConnection, enhancedChat);
  }

  /** Widget visitors may pick Gorgias: that connection (its team is the connection's {@code teamId}). */
  public HandoverChoice withGorgias(String connection) {
    return new HandoverChoice(suncoConnection, chat2deskConnection, chat2deskGroup, dixa, kustomerConnection,
        kustomerQueue, freshchatConnection, connection, oracleConnection, enhancedChat);
  }

  /** Widget visitors may pick Oracle B2C Service chat: that connection (its queue is the connection's). */
  public HandoverChoice withOracle(String connection) {
    return new HandoverChoice(suncoConnection, chat2deskConnection, chat2deskGroup, dixa, kustomerConnection,
        kustomerQueue, freshchatConnection, gorgiasConnection, connection, enhancedChat);
  }

  /** Widget visitors may pick Salesforce Enhanced Chat (the sandbox's deployment). */
  public HandoverChoice withEnhancedChat() {
    return new HandoverChoice(suncoConnection, chat2deskConnection, chat2deskGroup, dixa, kustomerConnection,
        kustomerQueue, freshchatConnection, gorgiasConnection, oracleConnection, true);
  }

  /** The handover request's body for the conversation whose visitor asked for a human in {@code text}. */
  String payload(String conversationId, String text) {
    if (suncoConnection != null && conversationId.startsWith(SUNCO_CONVERSATION_PREFIX)) {
      return SUNCO_CHANNEL_PAYLOAD.formatted(suncoConnection);
    }
    Optional<String> ownChat2Desk = Chat2DeskConversations.connectionOf(conversationId);
    if (ownChat2Desk.isPresent()) {
      return chat2desk(ownChat2Desk.get()); // inside the visitor's own Chat2Desk: the dialog goes to a human
    }
    if (offered(ENHANCED_CHAT) && names(text, ENHANCED_CHAT)) {
      ObjectNode body = JSON.createObjectNode().put("crmPlatform", "salesforce_miaw").put("scrtUrl", MIAW_SCRT_URL)
          .put("orgId", MIAW_ORG_ID).put("esDeveloperName", MIAW_DEPLOYMENT);
      body.putObject("routingAttributes").put("_firstName", "{{visitorName}}")
          .put("_email", demoEmail(conversationId));
      return body.toString();
    }
    if (offered(ZENDESK) && names(text, ZENDESK)) {
      ObjectNode body = JSON.createObjectNode().put("crmPlatform", "zendesk_sunco")
          .put("connectionId", suncoConnection).put("name", "{{visitorName}}").put("email", demoEmail(conversationId));
      body.putArray("tags").add("baton").add("demo");
      return body.toString();
    }
    if (offered(CHAT2DESK) && names(text, CHAT2DESK)) {
      return chat2desk(chat2deskConnection);
    }
    if (offered(DIXA) && names(text, DIXA)) {
      ObjectNode body = JSON.createObjectNode().put("crmPlatform", "dixa").put("widgetId", DIXA_WIDGET)
          .put("queueId", DixaSimulator.DEFAULT_QUEUE).put("email", demoEmail(conversationId));
      body.putArray("tags").add("baton").add("demo");
      return body.toString();
    }
    if (offered(KUSTOMER) && names(text, KUSTOMER)) {
      ObjectNode body = JSON.createObjectNode().put("crmPlatform", "kustomer")
          .put("connectionId", kustomerConnection).put("name", "{{visitorName}}")
          .put("email", demoEmail(conversationId));
      body.putArray("tags").add("baton").add("demo");
      if (kustomerQueue != null) {
        body.put("queue", kustomerQueue);
      }
      return body.toString();
    }
    if (offered(FRESHCHAT) && names(text, FRESHCHAT)) {
      return JSON.createObjectNode().put("crmPlatform", "freshchat").put("connectionId", freshchatConnection)
          .put("name", "{{visitorName}}").put("email", demoEmail(conversationId)).toString();
    }
    if (offered(GORGIAS) && names(text, GORGIAS)) {
      ObjectNode body = JSON.createObjectNode().put("crmPlatform", "gorgias").put("connectionId", gorgiasConnection)
          .put("name", "{{visitorName}}").put("email", demoEmail(conversationId)); // subject: "Chat with <name>"
      body.putArray("tags").add("baton").add("demo");
      return body.toString();
    }
    if (offered(ORACLE) && names(text, ORACLE)) {
      // Oracle's session information is a JSON object as text; the ingress fills its placeholders JSON-safely.
      String sessionInformation = JSON.createObjectNode().put("firstName", "{{visitorName}}")
          .put("emailAddress", demoEmail(conversationId)).toString();
      return JSON.createObjectNode().put("crmPlatform", "oracle_chat").put("connectionId", oracleConnection)
          .put("sessionInformation", sessionInformation).toString();
    }
    return SEED_SALESFORCE_PAYLOAD;
  }

  /** The quick replies under the bot's answers: a widget visitor may also pick a helpdesk the tenant has. */
  List<QuickReply> offers(String conversationId) {
    List<QuickReply> offers = new ArrayList<>(List.of(HUMAN));
    if (isWidget(conversationId)) {
      List.of(ENHANCED_CHAT, ZENDESK, DIXA, CHAT2DESK, KUSTOMER, FRESHCHAT, GORGIAS, ORACLE).stream()
          .filter(this::offered)
          .forEach(offers::add);
    }
    return List.copyOf(offers);
  }

  /** Whether the visitor writes from Baton's widget (not from a platform's own inbox). */
  boolean isWidget(String conversationId) {
    return !conversationId.startsWith(SUNCO_CONVERSATION_PREFIX)
        && Chat2DeskConversations.connectionOf(conversationId).isEmpty();
  }

  /** A widget visitor's message that is just a helpdesk's quick reply (its title, as the widget sends it). */
  boolean picksHelpdesk(String conversationId, String text) {
    String said = text.trim();
    return offers(conversationId).stream().skip(1).anyMatch(q -> q.getTitle().equalsIgnoreCase(said));
  }

  /**
   * The widget visitor's made-up address (the widget asks for no email): one per conversation, so each visitor is a
   * customer of their own at the helpdesk. {@code example.com} receives no mail.
   */
  static String demoEmail(String conversationId) {
    String id = UUID.nameUUIDFromBytes(conversationId.getBytes(StandardCharsets.UTF_8)).toString();
    return "visitor-" + id.substring(0, 8) + id.substring(9, 13) + "@example.com";
  }

  private boolean offered(QuickReply helpdesk) {
    return helpdesk == ENHANCED_CHAT ? enhancedChat
        : helpdesk == ZENDESK ? suncoConnection != null
        : helpdesk == DIXA ? dixa
        : helpdesk == CHAT2DESK ? chat2deskConnection != null
        : helpdesk == KUSTOMER ? kustomerConnection != null
        : helpdesk == FRESHCHAT ? freshchatConnection != null
        : helpdesk == GORGIAS ? gorgiasConnection != null
        : helpdesk == ORACLE && oracleConnection != null;
  }

  private static boolean names(String text, QuickReply helpdesk) {
    return Pattern.compile("(?i)\\b" + Pattern.quote(helpdesk.getTitle().toLowerCase(Locale.ROOT)) + "\\b")
        .matcher(text).find();
  }

  private String chat2desk(String connection) {
    return "{\"crmPlatform\": \"chat2desk\", \"connectionId\": \"" + connection + "\""
        + (chat2deskGroup == null ? "" : ", \"operatorGroupId\": \"" + chat2deskGroup + "\"") + "}";
  }
}
