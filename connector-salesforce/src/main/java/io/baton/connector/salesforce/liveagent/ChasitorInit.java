package io.baton.connector.salesforce.liveagent;

import io.baton.events.HandoverRequested;
import io.baton.events.SalesforceCustomDetail;
import io.baton.events.SalesforceEntity;
import io.baton.events.SalesforceEntityFieldMap;
import io.baton.events.SalesforceEntityFieldsMap;
import io.baton.events.SalesforceLiveAgentHandover;
import io.baton.connector.chats.TranscriptLines;
import io.baton.events.TranscriptEntry;
import io.baton.events.VisitorContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The ChasitorInit body from the seed handover payload. The bot transcript and the visitor's email travel as pre-chat
 * CustomDetails shown to the agent, so the agent sees what happened before the handover.
 */
final class ChasitorInit {
  static final String TRANSCRIPT_LABEL = "Bot transcript";
  static final String EMAIL_LABEL = "Email";

  private ChasitorInit() {}

  static Map<String, Object> body(String sessionId, HandoverRequested handover, List<TranscriptEntry> transcript) {
    SalesforceLiveAgentHandover p = (SalesforceLiveAgentHandover) handover.getPayload();
    VisitorContext context = handover.getContext();
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("organizationId", p.getOrganizationId());
    body.put("deploymentId", p.getDeploymentId());
    body.put("buttonId", p.getButtonId());
    if (p.getAgentId() != null) {
      body.put("agentId", p.getAgentId());
    }
    if (p.getDoFallback() != null) {
      body.put("doFallback", p.getDoFallback());
    }
    body.put("sessionId", sessionId);
    body.put("userAgent", first(p.getUserAgent(), context.getPageProperties().get("userAgent"), ""));
    body.put("language", first(p.getLanguage(), context.getPageProperties().get("language"), "en-US"));
    body.put("screenResolution", first(p.getScreenResolution(), context.getPageProperties().get("screenRes"), ""));
    body.put("visitorName", first(p.getVisitorName(), context.getName(), "Visitor"));
    List<Map<String, Object>> details = new ArrayList<>();
    p.getPrechatDetails().forEach(d -> details.add(detail(d)));
    boolean hasEmail = p.getPrechatDetails().stream().anyMatch(d -> d.getLabel().equalsIgnoreCase(EMAIL_LABEL));
    if (context.getEmail() != null && !hasEmail) {
      details.add(simpleDetail(EMAIL_LABEL, context.getEmail()));
    }
    if (!transcript.isEmpty()) {
      details.add(simpleDetail(TRANSCRIPT_LABEL, render(transcript)));
    }
    body.put("prechatDetails", details);
    body.put("prechatEntities", p.getPrechatEntities().stream().map(ChasitorInit::entity).toList());
    body.put("buttonOverrides", p.getButtonOverrides());
    body.put("receiveQueueUpdates", p.getReceiveQueueUpdates());
    body.put("isPost", p.getIsPost());
    return body;
  }

  static String render(List<TranscriptEntry> transcript) {
    StringBuilder text = new StringBuilder();
    for (TranscriptEntry e : transcript) {
      text.append(TranscriptLines.line(e)).append('\n');
    }
    return text.toString().strip();
  }

  private static Map<String, Object> simpleDetail(String label, String value) {
    Map<String, Object> d = new LinkedHashMap<>();
    d.put("label", label);
    d.put("value", value);
    d.put("transcriptFields", List.of());
    d.put("displayToAgent", true);
    return d;
  }

  private static Map<String, Object> detail(SalesforceCustomDetail c) {
    Map<String, Object> d = simpleDetail(c.getLabel(), c.getValue());
    d.put("transcriptFields", c.getTranscriptFields());
    d.put("displayToAgent", c.getDisplayToAgent());
    if (!c.getEntityFieldMaps().isEmpty()) {
      List<Map<String, Object>> maps = new ArrayList<>();
      for (SalesforceEntityFieldMap m : c.getEntityFieldMaps()) {
        Map<String, Object> f = new LinkedHashMap<>();
        if (m.getEntityName() != null) {
          f.put("entityName", m.getEntityName());
        }
        f.put("fieldName", m.getFieldName());
        f.put("isFastFillable", m.getIsFastFillable());
        f.put("isAutoQueryable", m.getIsAutoQueryable());
        f.put("isExactMatchable", m.getIsExactMatchable());
        maps.add(f);
      }
      d.put("entityFieldMaps", maps);
    }
    return d;
  }

  private static Map<String, Object> entity(SalesforceEntity e) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("entityName", e.getEntityName());
    m.put("showOnCreate", e.getShowOnCreate());
    if (e.getLinkToEntityName() != null) {
      m.put("linkToEntityName", e.getLinkToEntityName());
    }
    if (e.getLinkToEntityField() != null) {
      m.put("linkToEntityField", e.getLinkToEntityField());
    }
    if (e.getSaveToTranscript() != null) {
      m.put("saveToTranscript", e.getSaveToTranscript());
    }
    List<Map<String, Object>> maps = new ArrayList<>();
    for (SalesforceEntityFieldsMap f : e.getEntityFieldsMaps()) {
      Map<String, Object> x = new LinkedHashMap<>();
      x.put("fieldName", f.getFieldName());
      x.put("label", f.getLabel());
      x.put("doFind", f.getDoFind());
      x.put("isExactMatch", f.getIsExactMatch());
      x.put("doCreate", f.getDoCreate());
      maps.add(x);
    }
    m.put("entityFieldsMaps", maps);
    return m;
  }

  private static String first(String a, String b, String fallback) {
    if (a != null && !a.isBlank()) {
      return a;
    }
    return b != null && !b.isBlank() ? b : fallback;
  }
}
