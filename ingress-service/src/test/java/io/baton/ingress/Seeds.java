package io.baton.ingress;

/** The handover payloads of the seed document "Handover to a Helpdesk", verbatim. */
final class Seeds {
  private Seeds() {}

  /** Note the trailing comma after the last member: bots send it exactly like this. */
  static final String SALESFORCE = """
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

  static final String DIXA = """
      {
        "tags": ["some", "tag"],
        "email": "{{email}}",
        "queueId": "8d921a1c-8da5-4788-b787-21024c230787",
        "widgetId": "a4fda39e-0d78-40a4-afbd-b2d35d0b2a3a",
        "crmPlatform": "dixa",
        "connectionId": "96f2fc68-beb0-48f4-9efc-78b399205e00"
      }
      """;

  static final String KUSTOMER = """
      {
        "name": "Test enduser",
        "tags": ["some", "tag"],
        "email": "{{email}}",
        "queue": null,
        "crmPlatform": "kustomer",
        "connectionId": "35b956ad-8f96-4adc-9417-d6d37cafa6c2"
      }
      """;

  static final String FRESHCHAT = """
      {
        "name": "{{name}}",
        "email": "{{email}}",
        "crmPlatform": "freshchat",
        "connectionId": "3b26e44a-9293-4e1b-9a31-d9667457334c"
      }
      """;

  static final String ORACLE = """
      {
        "crmPlatform": "oracle_chat",
        "connectionId": "6038fb60-c16c-4b67-8443-3ea21ae08d85",
        "sessionInformation": "{\\"emailAddress\\" : \\"[email protected]\\"}"
      }
      """;

  /** The payload without its connectionId member. */
  static String withoutConnection(String payload) {
    return payload.replaceAll("\\s*\"connectionId\": \"[^\"]*\",?", "");
  }

  /** The payload with extra members inserted right after its opening brace, the rest untouched. */
  static String with(String payload, String members) {
    int brace = payload.indexOf('{');
    return payload.substring(0, brace + 1) + "\n  " + members + "," + payload.substring(brace + 1);
  }
}
