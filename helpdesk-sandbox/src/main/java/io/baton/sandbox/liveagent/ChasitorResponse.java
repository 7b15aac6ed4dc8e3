package io.baton.sandbox.liveagent;

/**
 * What the Live Agent REST side answers: a status and a body. Errors carry a short plain-text reason
 * (never the session key) so a connector's logs explain themselves.
 */
record ChasitorResponse(int status, String contentType, String body) {

  static final String JSON = "application/json";
  static final String TEXT = "text/plain";

  static ChasitorResponse json(Object value) {
    return new ChasitorResponse(200, JSON, Json.write(value));
  }

  /** Successful Chasitor POSTs answer 200 with the text OK. */
  static ChasitorResponse ok() {
    return new ChasitorResponse(200, TEXT, "OK");
  }

  static ChasitorResponse noContent() {
    return new ChasitorResponse(204, null, "");
  }

  static ChasitorResponse error(int status, String reason) {
    return new ChasitorResponse(status, TEXT, reason);
  }

  static ChasitorResponse badRequest(String reason) {
    return error(400, reason);
  }

  /** 503: the session moved to another server; the visitor must call ReconnectSession. */
  static ChasitorResponse affinityChanged() {
    return error(503, "Affinity changed: call ReconnectSession");
  }

  /** 403: the session is invalid or expired (unknown key, wrong affinity, ended, timed out). */
  static ChasitorResponse sessionInvalid() {
    return error(403, "Session invalid or expired");
  }
}
