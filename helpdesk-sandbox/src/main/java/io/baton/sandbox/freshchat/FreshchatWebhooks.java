package io.baton.sandbox.freshchat;

import io.baton.sandbox.kit.WebhookSender;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The account's webhook: every event POSTed to the one URL set in the admin UI (none set: nothing is sent), through
 * the kit's {@link WebhookSender} (in order, though Freshchat promises none). Each POST is signed with the account's
 * private key ({@code X-Freshchat-Signature}: base64 of SHA256withRSA over the raw body) and says
 * {@code X-Freshchat-Payload-Version: 2} [guess] and {@code X-Retry-Count} (0, then 1, 2... [guess]). A try fails
 * without a 2xx answer within the answer timeout (5 s); it is retried after each wait of the schedule (1 min, 5 min,
 * 15 min [guess]), then given up.
 */
final class FreshchatWebhooks implements AutoCloseable {
  static final String SIGNATURE = "X-Freshchat-Signature";
  static final String PAYLOAD_VERSION = "X-Freshchat-Payload-Version";
  static final String RETRY_COUNT = "X-Retry-Count";
  private static final String SUBSCRIPTION = "account";

  private final FreshchatAccount account;
  private final WebhookSender sender;
  private final AtomicLong nextEvent = new AtomicLong();
  private volatile List<Duration> retryWaits;

  FreshchatWebhooks(FreshchatAccount account, FreshchatSettings settings) {
    this.account = account;
    this.retryWaits = settings.retryWaits();
    this.sender = new WebhookSender(FreshchatSimulator.NAME, new WebhookSender.RetrySchedule(
        FreshchatSettings.MAX_RETRIES + 1, Duration.ZERO, 1), new Signer(account),
        settings.answerTimeout(), (status, retryAfter, attempt, scheduled) -> {
          List<Duration> waits = retryWaits;
          return attempt <= waits.size() ? waits.get(attempt - 1) : null;
        });
  }

  /** POSTs one event to the webhook URL, if one is set. */
  void send(String action, String body) {
    String url = account.webhookUrl();
    if (url != null) {
      sender.send(new WebhookSender.Subscription(SUBSCRIPTION, url, null), action + "-" + nextEvent.incrementAndGet(),
          action, body);
    }
  }

  /** The waits before each retry, for the events sent from now on and the retries still to come. */
  void retryWaits(List<Duration> waits) {
    retryWaits = FreshchatSettings.checkedWaits(waits);
  }

  List<Duration> retryWaits() {
    return retryWaits;
  }

  List<WebhookSender.Delivery> deliveries() {
    return sender.deliveries();
  }

  /** The headers of one try: the signature over the raw body, the payload version, the retry count. */
  private static final class Signer implements WebhookSender.Signer {
    private final FreshchatAccount account;

    Signer(FreshchatAccount account) {
      this.account = account;
    }

    @Override
    public Map<String, String> sign(WebhookSender.Subscription subscription, byte[] body, Instant timestamp) {
      return sign(subscription, body, timestamp, 1);
    }

    @Override
    public Map<String, String> sign(WebhookSender.Subscription subscription, byte[] body, Instant timestamp,
        int attempt) {
      Map<String, String> headers = new LinkedHashMap<>();
      headers.put(SIGNATURE, signature(account.keys().getPrivate(), body));
      headers.put(PAYLOAD_VERSION, "2");
      headers.put(RETRY_COUNT, Integer.toString(attempt - 1));
      return headers;
    }
  }

  static String signature(PrivateKey key, byte[] body) {
    try {
      Signature rsa = Signature.getInstance("SHA256withRSA");
      rsa.initSign(key);
      rsa.update(body);
      return Base64.getEncoder().encodeToString(rsa.sign());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("cannot sign a Freshchat webhook", e);
    }
  }

  @Override
  public void close() {
    sender.close();
  }
}
