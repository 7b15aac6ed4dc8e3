package io.baton.bench.soak;

import io.baton.sandbox.chat2desk.Chat2DeskCompany;
import io.baton.sandbox.dixa.DixaSimulator;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A helpdesk the soak's conversations are handed over to: the name it has on the command line, the platform its
 * connector announces itself as on {@code connectors.presence.v1}, the connector host that carries it, and the
 * sandbox desk its agent works at. All but Live Agent, MIAW and Dixa go to connections the soak creates at the
 * ingress ({@link SoakConnections}).
 */
public enum SoakPlatform {
  LIVEAGENT("liveagent", "salesforce", SoakFleet.Service.SALESFORCE, "liveagent"), // Salesforce Live Agent
  MIAW("miaw", "salesforce_miaw", SoakFleet.Service.SALESFORCE, "miaw"), // Enhanced Chat: no connection
  DIXA("dixa", "dixa", SoakFleet.Service.DIXA, "dixa"), // webhooks: one subscription per connection
  KUSTOMER("kustomer", "kustomer", SoakFleet.Service.MISC, "kustomer"), // webhook registered per connection
  ORACLE("oracle", "oracle_chat", SoakFleet.Service.MISC, "oracle_chat"), // polled: no webhook
  FRESHCHAT("freshchat", "freshchat", SoakFleet.Service.MISC, "freshchat"), // one webhook URL per account
  GORGIAS("gorgias", "gorgias", SoakFleet.Service.MISC, "gorgias"), // an HTTP integration per connection
  SUNCO("sunco", "zendesk_sunco", SoakFleet.Service.ZENDESK, "sunco"), // the integration's webhook
  SUPPORT("support", "zendesk_support", SoakFleet.Service.ZENDESK, "zendesk"), // Baton's webhook and triggers
  CHAT2DESK("chat2desk", "chat2desk", SoakFleet.Service.CHAT2DESK, "chat2desk"); // webhook URL per connection

  /** Its name in {@code --platforms}. */
  public final String option;
  /** The platform as the connector announces itself and the router routes it. */
  final String platform;
  final SoakFleet.Service host;
  /** The sandbox desk's name. */
  final String desk;

  SoakPlatform(String option, String platform, SoakFleet.Service host, String desk) {
    this.option = option;
    this.platform = platform;
    this.host = host;
    this.desk = desk;
  }

  /**
   * Whether the agent's joining shows only with their first message: Zendesk tells no one when an agent takes a
   * Workspace ticket, so the connector announces the agent who first writes.
   */
  boolean joinsWithFirstMessage() {
    return this == SUNCO;
  }

  /** Parses {@code liveagent,dixa,kustomer,...}. */
  public static List<SoakPlatform> parse(String text) {
    List<SoakPlatform> out = new ArrayList<>();
    for (String s : text.split(",")) {
      String t = s.trim().toLowerCase(Locale.ROOT);
      if (t.isEmpty()) {
        continue;
      }
      out.add(List.of(values()).stream().filter(p -> p.option.equals(t)).findFirst()
          .orElseThrow(() -> new IllegalArgumentException("no platform " + t + " (there are "
              + List.of(values()).stream().map(p -> p.option).toList() + ")")));
    }
    return List.copyOf(out);
  }

  /** The handover request's payload for conversation {@code id}, its visitor named {@code id}. */
  String handoverPayload(String id) {
    String email = id + "@example.com";
    return switch (this) {
      case LIVEAGENT -> "{\"crmPlatform\":\"salesforce\",\"organizationId\":\"00D6g0000000001\",\"deploymentId\":"
          + "\"5726g000000k9nQ\",\"buttonId\":\"5736g000000k9nQ\",\"liveAgentHostname\":"
          + "\"d.la1-c2-ia4.salesforceliveagent.com\",\"visitorName\":\"" + id + "\"}";
      case DIXA -> "{\"crmPlatform\":\"dixa\",\"queueId\":\"" + DixaSimulator.DEFAULT_QUEUE + "\",\"widgetId\":"
          + "\"a4fda39e-0d78-40a4-afbd-b2d35d0b2a3a\",\"email\":\"" + email + "\"}";
      case KUSTOMER -> "{\"crmPlatform\":\"kustomer\",\"connectionId\":\"" + SoakConnections.KUSTOMER
          + "\",\"name\":\"" + id + "\",\"email\":\"" + email + "\"}";
      case ORACLE -> "{\"crmPlatform\":\"oracle_chat\",\"connectionId\":\"" + SoakConnections.ORACLE
          + "\",\"sessionInformation\":\"{\\\"firstName\\\":\\\"" + id + "\\\",\\\"emailAddress\\\":\\\"" + email
          + "\\\"}\"}";
      case FRESHCHAT -> "{\"crmPlatform\":\"freshchat\",\"connectionId\":\"" + SoakConnections.FRESHCHAT
          + "\",\"name\":\"" + id + "\",\"email\":\"" + email + "\"}";
      case GORGIAS -> "{\"crmPlatform\":\"gorgias\",\"connectionId\":\"" + SoakConnections.GORGIAS
          + "\",\"name\":\"" + id + "\",\"email\":\"" + email + "\"}";
      // Chat2Desk names the widget visitor's client after the context's name.
      case CHAT2DESK -> "{\"crmPlatform\":\"chat2desk\",\"connectionId\":\"" + SoakConnections.CHAT2DESK
          + "\",\"operatorGroupId\":\"" + Chat2DeskCompany.SUPPORT_GROUP_ID + "\",\"context\":{\"name\":\"" + id
          + "\"}}";
      case SUNCO -> "{\"crmPlatform\":\"zendesk_sunco\",\"connectionId\":\"" + SoakConnections.SUNCO
          + "\",\"name\":\"" + id + "\",\"email\":\"" + email + "\"}";
      // The sandbox's Enhanced Chat deployment (local-stack's); the connector adds visitorName from the context.
      case MIAW -> "{\"crmPlatform\":\"salesforce_miaw\",\"scrtUrl\":\"soak.my.salesforce-scrt.com\",\"orgId\":"
          + "\"00D6g000003Q6HI\",\"esDeveloperName\":\"Web_Chat\",\"context\":{\"name\":\"" + id
          + "\",\"email\":\"" + email + "\"}}";
      case SUPPORT -> "{\"crmPlatform\":\"zendesk_support\",\"connectionId\":\"" + SoakConnections.SUPPORT
          + "\",\"name\":\"" + id + "\",\"email\":\"" + email + "\",\"subject\":\"Soak " + id + "\"}";
    };
  }
}
