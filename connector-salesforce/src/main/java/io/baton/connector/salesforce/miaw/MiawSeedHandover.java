package io.baton.connector.salesforce.miaw;

import io.baton.events.ConnectionSnapshot;
import io.baton.events.SalesforceCustomDetail;
import io.baton.events.SalesforceEntity;
import io.baton.events.SalesforceEntityFieldMap;
import io.baton.events.SalesforceEntityFieldsMap;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.events.SalesforceMiawHandover;
import io.baton.events.StartChat;
import io.baton.events.TranscriptEntry;
import io.baton.events.VisitorContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The seed's Live Agent handover payload on an Enhanced Chat connection (connection setting {@code api} =
 * {@code enhanced_chat}): the bot sends what it always sent, and this makes it the MIAW conversation's payload.
 *
 * <p>The deployment comes from the connection ({@code scrtUrl}, {@code orgId}, {@code esDeveloperName}); the
 * payload's {@code organizationId} must name the same org. {@code buttonId} becomes the routing attribute
 * {@code routingTarget}, the value of the connection's {@code routing.<buttonId>} setting. The visitor's name
 * ({@code visitorName}, else the context's), email, {@code language}, {@code userAgent}, {@code screenResolution} and
 * the bot transcript ({@code botTranscript}) become routing attributes under those names, as on a MIAW payload; each
 * pre-chat detail becomes one under the name of the Salesforce field it fills: its first {@code transcriptFields}
 * entry, else {@code <Entity>_<Field>} from its own {@code entityFieldMaps} or from a {@code prechatEntities} field map
 * whose label is the detail's (so Segment's Contact, Account and Case fields arrive as {@code Contact_Email}, ...),
 * else its label with other characters than letters, digits and {@code _} made {@code _}. Finding, creating and
 * linking records is the org's Omni-Channel flow's work in Enhanced Chat, from those attributes.
 *
 * <p>Nothing is dropped silently. When the connection lists the deployment's pre-chat fields ({@code prechatFields},
 * comma separated), an attribute outside that list refuses the handover, unless the connection names it in
 * {@code omitFields} (left out on purpose). No routing target for the button, another org, routing to one agent
 * ({@code agentId}, {@code buttonOverrides}: Enhanced Chat has no visitor-side equivalent) and two details filling one
 * field with different values refuse it too. A refusal is an {@link Unmappable} whose message lists every reason,
 * and the runtime makes it the {@code HandoverFailed} the router and the bot see.
 */
public final class MiawSeedHandover {
  public static final String ROUTING_TARGET = "routingTarget";

  private MiawSeedHandover() {}

  /** The handover cannot be mapped; the message says why. */
  public static final class Unmappable extends IllegalArgumentException {
    Unmappable(String reason) {
      super(reason);
    }
  }

  /** The MIAW payload of a start: a MIAW payload as it is, the seed's Live Agent payload mapped as described above. */
  public static SalesforceMiawHandover payload(StartChat start) {
    Object payload = start.getHandover().getPayload();
    if (payload instanceof SalesforceMiawHandover miaw) {
      return miaw;
    }
    if (payload instanceof SalesforceLiveAgentHandover liveAgent) {
      return map(liveAgent, start.getHandover().getConnection(), start.getHandover().getContext(),
          start.getTranscript());
    }
    throw new Unmappable("a " + payload.getClass().getSimpleName() + " cannot open an Enhanced Chat conversation");
  }

  /** Whether the start's payload is the seed's Live Agent one, whose mapped attributes are complete as they are. */
  public static boolean mapped(StartChat start) {
    return start.getHandover().getPayload() instanceof SalesforceLiveAgentHandover;
  }

  static SalesforceMiawHandover map(SalesforceLiveAgentHandover p, ConnectionSnapshot connection,
      VisitorContext context, List<TranscriptEntry> transcript) {
    if (connection == null) {
      throw new Unmappable("the Live Agent payload needs an Enhanced Chat connection (connectionId) that names the"
          + " deployment and the routing of its buttonId");
    }
    Map<String, String> settings = connection.getSettings();
    List<String> problems = new ArrayList<>();
    String scrtUrl = setting(settings, "scrtUrl", problems);
    String orgId = setting(settings, "orgId", problems);
    String esDeveloperName = setting(settings, "esDeveloperName", problems);
    if (orgId != null && !org15(orgId).equals(org15(p.getOrganizationId()))) {
      problems.add("organizationId " + p.getOrganizationId() + " is not the Enhanced Chat org " + orgId);
    }
    if (p.getAgentId() != null && !p.getAgentId().isBlank() || !p.getButtonOverrides().isEmpty()) {
      problems.add("agentId and buttonOverrides (routing to one agent) have no Enhanced Chat equivalent");
    }
    Attributes a = new Attributes(problems);
    String target = settings.get("routing." + p.getButtonId());
    if (target == null || target.isBlank()) {
      problems.add("no routing target for buttonId " + p.getButtonId() + " (setting 'routing." + p.getButtonId()
          + "')");
    }
    a.put(ROUTING_TARGET, target, "buttonId " + p.getButtonId());
    a.put("visitorName", p.getVisitorName() != null ? p.getVisitorName() : context.getName(), "visitorName");
    a.put("email", context.getEmail(), "the visitor's email");
    a.put("language", p.getLanguage(), "language");
    a.put("userAgent", p.getUserAgent(), "userAgent");
    a.put("screenResolution", p.getScreenResolution(), "screenResolution");
    for (SalesforceCustomDetail d : p.getPrechatDetails()) {
      a.put(fieldOf(d, p.getPrechatEntities()), d.getValue(), "prechat detail '" + d.getLabel() + "'");
    }
    StringBuilder bot = new StringBuilder();
    for (TranscriptEntry e : transcript) {
      bot.append(e.getRole().name()).append(": ").append(e.getText()).append('\n');
    }
    a.put("botTranscript", bot.isEmpty() ? null : bot.toString().strip(), "the bot transcript");
    a.check(list(settings.get("prechatFields")), list(settings.get("omitFields")), esDeveloperName);
    if (!problems.isEmpty()) {
      throw new Unmappable("the Live Agent payload cannot be mapped to Enhanced Chat: " + String.join("; ", problems));
    }
    return SalesforceMiawHandover.newBuilder().setScrtUrl(scrtUrl).setOrgId(orgId)
        .setEsDeveloperName(esDeveloperName).setLanguage(p.getLanguage()).setRoutingAttributes(a.values).build();
  }

  /** The Salesforce field a pre-chat detail fills, as the name of its routing attribute. */
  static String fieldOf(SalesforceCustomDetail d, List<SalesforceEntity> entities) {
    if (!d.getTranscriptFields().isEmpty() && !d.getTranscriptFields().get(0).isBlank()) {
      return d.getTranscriptFields().get(0);
    }
    for (SalesforceEntityFieldMap m : d.getEntityFieldMaps()) {
      if (m.getEntityName() != null && !m.getEntityName().isBlank()) {
        return m.getEntityName() + "_" + m.getFieldName();
      }
    }
    for (SalesforceEntity e : entities) {
      for (SalesforceEntityFieldsMap m : e.getEntityFieldsMaps()) {
        if (m.getLabel().equals(d.getLabel())) {
          return e.getEntityName() + "_" + m.getFieldName();
        }
      }
    }
    return d.getLabel().strip().replaceAll("[^A-Za-z0-9_]", "_");
  }

  private static String setting(Map<String, String> settings, String name, List<String> problems) {
    String v = settings.get(name);
    if (v == null || v.isBlank()) {
      problems.add("the connection has no setting '" + name + "'");
      return null;
    }
    return v.strip();
  }

  /** Salesforce ids compare on their 15-character case-sensitive form. */
  private static String org15(String id) {
    String s = id.strip();
    return s.length() > 15 ? s.substring(0, 15) : s;
  }

  private static Set<String> list(String csv) {
    if (csv == null || csv.isBlank()) {
      return null;
    }
    Set<String> out = new LinkedHashSet<>();
    Arrays.stream(csv.split(",")).map(String::strip).filter(s -> !s.isEmpty()).forEach(out::add);
    return out;
  }

  /** The routing attributes in order, with where each came from for the reasons. */
  private static final class Attributes {
    final Map<String, String> values = new LinkedHashMap<>();
    final Map<String, String> sources = new LinkedHashMap<>();
    final List<String> problems;

    Attributes(List<String> problems) {
      this.problems = problems;
    }

    void put(String name, String value, String source) {
      if (value == null || value.isBlank()) {
        return;
      }
      String known = values.get(name);
      if (known != null && !known.equals(value)) {
        problems.add(source + " and " + sources.get(name) + " both fill '" + name + "' with different values");
        return;
      }
      values.put(name, value);
      sources.putIfAbsent(name, source);
    }

    void check(Set<String> prechatFields, Set<String> omitFields, String esDeveloperName) {
      if (omitFields != null) {
        values.keySet().removeAll(omitFields);
      }
      if (prechatFields == null) {
        return;
      }
      for (String name : values.keySet()) {
        if (!prechatFields.contains(name)) {
          problems.add(sources.get(name) + " fills '" + name + "', which is not a pre-chat field of deployment "
              + esDeveloperName + " (setting 'prechatFields'; or name it in 'omitFields' to leave it out)");
        }
      }
    }
  }
}
