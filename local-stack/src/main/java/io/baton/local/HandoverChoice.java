package io.baton.local;

import io.baton.connector.chat2desk.channel.Chat2DeskConversations;
import io.baton.events.QuickReply;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Where the demo bot hands a visitor over, as the handover request's body: a visitor who writes from a platform's
 * inbox stays there (Zendesk's messenger, Chat2Desk); a widget visitor goes to Salesforce with the seed's payload, or
 * to Chat2Desk's operators (through its external channel) when they ask for Chat2Desk.
 *
 * @param suncoConnection     the demo tenant's Sunshine Conversations connection; null: none
 * @param chat2deskConnection the demo tenant's Chat2Desk connection, for widget visitors; null: none
 * @param chat2deskGroup      the Chat2Desk operator group handovers go to; null: any online operator
 */
public record HandoverChoice(String suncoConnection, String chat2deskConnection, String chat2deskGroup) {
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
  /** The channel conversations' id prefix (the Zendesk connector's naming). */
  static final String SUNCO_CONVERSATION_PREFIX = "sunco-";
  /** What a widget visitor writes (or taps) to reach Chat2Desk rather than Salesforce. */
  static final Pattern WANTS_CHAT2DESK = Pattern.compile("(?i)\\bchat2desk\\b");
  static final QuickReply HUMAN = new QuickReply("Talk to a human", "human");
  static final QuickReply CHAT2DESK_OPERATOR = new QuickReply("A Chat2Desk operator", "human chat2desk");

  public static HandoverChoice salesforceOnly() {
    return new HandoverChoice(null, null, null);
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
    if (chat2deskConnection != null && WANTS_CHAT2DESK.matcher(text).find()) {
      return chat2desk(chat2deskConnection);
    }
    return SEED_SALESFORCE_PAYLOAD;
  }

  /** The quick replies under the bot's answers: a widget visitor may also pick Chat2Desk. */
  List<QuickReply> offers(String conversationId) {
    boolean widget = !conversationId.startsWith(SUNCO_CONVERSATION_PREFIX)
        && Chat2DeskConversations.connectionOf(conversationId).isEmpty();
    return widget && chat2deskConnection != null ? List.of(HUMAN, CHAT2DESK_OPERATOR) : List.of(HUMAN);
  }

  private String chat2desk(String connection) {
    return "{\"crmPlatform\": \"chat2desk\", \"connectionId\": \"" + connection + "\""
        + (chat2deskGroup == null ? "" : ", \"operatorGroupId\": \"" + chat2deskGroup + "\"") + "}";
  }
}
