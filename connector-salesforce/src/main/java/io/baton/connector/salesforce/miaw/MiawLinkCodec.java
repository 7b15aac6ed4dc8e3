package io.baton.connector.salesforce.miaw;

import io.baton.connector.chats.LinkCodec;
import java.util.Map;

/**
 * A MIAW conversation in its link. Version 1 is the map the connector wrote before links had versions: baseUrl,
 * orgId, esDeveloperName, token, conversationId (MIAW's), lastEventId.
 */
final class MiawLinkCodec implements LinkCodec<MiawConversation> {
  @Override
  public Map<String, String> encode(MiawConversation c) {
    return encode(c, c.lastEventId);
  }

  /** The link as it will be once the event {@code lastEventId} is recorded. */
  Map<String, String> encode(MiawConversation c, long lastEventId) {
    return Map.of("baseUrl", c.baseUrl, "orgId", c.orgId, "esDeveloperName", c.esDeveloperName, "token", c.token,
        "conversationId", c.miawId, "lastEventId", Long.toString(lastEventId));
  }

  @Override
  public MiawConversation decode(int version, Map<String, String> s) {
    MiawConversation c = new MiawConversation(LinkCodec.required(s, "baseUrl"), LinkCodec.required(s, "orgId"),
        LinkCodec.required(s, "esDeveloperName"), LinkCodec.required(s, "token"),
        LinkCodec.required(s, "conversationId"));
    c.lastEventId = LinkCodec.number(s, "lastEventId", 0);
    return c;
  }
}
