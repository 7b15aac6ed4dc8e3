package io.baton.router.switchboard;

import io.baton.events.ConnectionSnapshot;
import io.baton.events.HandoverRequested;
import io.baton.events.Platform;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.handover.HandoverCarrier;
import java.util.Map;

/**
 * Which Salesforce API a {@code salesforce} connection uses, from its {@code api} setting: {@code liveagent} (the
 * default) or {@code enhanced_chat}. On an Enhanced Chat connection the bot's Live Agent payload is taken as it is
 * and the chat goes to the MIAW connector, which maps it ({@code MiawSeedHandover} in connector-salesforce); the
 * connection names the deployment ({@code scrtUrl}, {@code orgId}, {@code esDeveloperName}) and, per Live Agent
 * button, the routing target ({@code routing.<buttonId>}). Decided from the request and its connection snapshot only.
 */
final class SalesforceApis {
  static final String API = HandoverCarrier.API;
  static final String LIVE_AGENT = "liveagent";
  static final String ENHANCED_CHAT = HandoverCarrier.ENHANCED_CHAT;
  static final String[] DEPLOYMENT = {"scrtUrl", "orgId", "esDeveloperName"};

  private SalesforceApis() {}

  /** The platform whose connector carries this handover: MIAW for a Live Agent payload on an Enhanced Chat connection. */
  static Platform target(HandoverRequested request) {
    return HandoverCarrier.of(request);
  }

  /** Why the connection's API cannot take this request, or null (also null for any other platform). */
  static String refusal(HandoverRequested request, ConnectionSnapshot connection) {
    if (request.getPlatform() != Platform.salesforce || connection == null) {
      return null;
    }
    Map<String, String> settings = connection.getSettings();
    String api = settings.get(API);
    String id = connection.getConnectionId();
    if (api != null && !api.isBlank() && !api.equals(LIVE_AGENT) && !api.equals(ENHANCED_CHAT)) {
      return "connection " + id + " has an unknown api '" + api + "': " + LIVE_AGENT + " or " + ENHANCED_CHAT;
    }
    if (!ENHANCED_CHAT.equals(api)) {
      return null;
    }
    for (String s : DEPLOYMENT) {
      String v = settings.get(s);
      if (v == null || v.isBlank()) {
        return "connection " + id + " uses Enhanced Chat but has no setting '" + s + "'";
      }
    }
    String button = ((SalesforceLiveAgentHandover) request.getPayload()).getButtonId();
    String target = settings.get("routing." + button);
    if (target == null || target.isBlank()) {
      return "connection " + id + " uses Enhanced Chat and names no routing target for buttonId " + button
          + " (setting 'routing." + button + "')";
    }
    return null;
  }
}
