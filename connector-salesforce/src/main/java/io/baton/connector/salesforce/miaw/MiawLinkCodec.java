package io.baton.connector.salesforce.miaw;

import io.baton.connector.chats.LinkCodec;
import java.util.HashMap;
import java.util.Map;

/**
 * A MIAW conversation in its link. Version 1 is the map the connector wrote before links had versions: baseUrl,
 * orgId, esDeveloperName, token, conversationId (MIAW's), lastEventId; since then also (optional, so older links stay
 * readable) tokenReceivedAt and tokenExpiresAt (epoch ms), relayed (the relayed entry ids, space-separated) and
 * entriesSince (epoch ms). A link without entriesSince was written before backfills: it backfills from when it is read,
 * so entries relayed under the old event ids are not relayed again.
 */
final class MiawLinkCodec implements LinkCodec<MiawConversation> {
  @Override
  public Map<String, String> encode(MiawConversation c) {
    return encode(c, c.lastEventId, null, 0);
  }

  /** The link as it will be once the event {@code lastEventId} (and the entry {@code entryId}, if any) is recorded. */
  Map<String, String> encode(MiawConversation c, long lastEventId, String entryId, long entryAt) {
    Map<String, String> s = new HashMap<>();
    s.put("baseUrl", c.baseUrl);
    s.put("orgId", c.orgId);
    s.put("esDeveloperName", c.esDeveloperName);
    s.put("token", c.token);
    s.put("tokenReceivedAt", Long.toString(c.tokenReceivedAt));
    s.put("tokenExpiresAt", Long.toString(c.tokenExpiresAt));
    s.put("conversationId", c.miawId);
    s.put("lastEventId", Long.toString(lastEventId));
    s.put("relayed", String.join(" ", c.relayedWith(entryId)));
    s.put("entriesSince", Long.toString(Math.max(c.entriesSince, entryAt)));
    return s;
  }

  @Override
  public MiawConversation decode(int version, Map<String, String> s) {
    MiawConversation c = new MiawConversation(LinkCodec.required(s, "baseUrl"), LinkCodec.required(s, "orgId"),
        LinkCodec.required(s, "esDeveloperName"), LinkCodec.required(s, "token"),
        LinkCodec.required(s, "conversationId"));
    c.lastEventId = LinkCodec.number(s, "lastEventId", 0);
    if (s.containsKey("tokenReceivedAt")) {
      c.tokenReceivedAt = LinkCodec.number(s, "tokenReceivedAt", c.tokenReceivedAt);
    }
    for (String id : s.getOrDefault("relayed", "").split(" ")) {
      if (!id.isBlank()) {
        c.relayed(id, 0);
      }
    }
    c.entriesSince = s.containsKey("entriesSince") ? LinkCodec.number(s, "entriesSince", 0)
        : System.currentTimeMillis();
    return c;
  }
}
