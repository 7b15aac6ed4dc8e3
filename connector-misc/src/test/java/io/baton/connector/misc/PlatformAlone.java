package io.baton.connector.misc;

import io.baton.connector.webhooks.WebhookServer;
import io.baton.connector.webhooks.WebhookService;
import io.baton.service.Service;
import java.util.List;

/**
 * One platform of the module alone on a webhook server (port 0, public behind {@code publicUrl}), as
 * {@code MiscConnector} runs it beside the others: a platform's tests start only what they test.
 */
public final class PlatformAlone<C extends Service> extends WebhookService {
  /** Builds the platform's connector on the server, its webhooks under {@code base}. */
  public interface Assembly<C> {
    C assemble(WebhookServer server, String base);
  }

  private final Assembly<C> assembly;
  private volatile C connector;

  public PlatformAlone(String publicUrl, Assembly<C> assembly) {
    super(0, publicUrl);
    this.assembly = assembly;
  }

  @Override
  protected List<Service> assemble(WebhookServer webhooks, String base) {
    connector = assembly.assemble(webhooks, base);
    return List.of(connector);
  }

  public C connector() {
    return connector;
  }
}
