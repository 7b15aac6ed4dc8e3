package io.baton.connector.salesforce.miaw;

import io.baton.connector.calls.PlatformCalls;
import io.baton.events.Attachment;
import io.baton.events.VisitorMessage;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A visitor message with attachments: each file is fetched from its URL and uploaded with MIAW's file upload
 * ({@code conversation/{id}/file}), the message's text going with the first file. Each upload has an id derived from
 * the message's (MIAW drops an id it has seen, so a repeated command uploads nothing twice) and counts as an inbound
 * message for the rate limit. A file that cannot be fetched (or is over {@value #MAX_BYTES} bytes, a guess at MIAW's
 * limit) goes as a text line {@code [name] url} instead.
 */
final class MiawFiles {
  private static final Logger log = LoggerFactory.getLogger(MiawFiles.class);
  static final long MAX_BYTES = 10L * 1024 * 1024;

  private MiawFiles() {}

  static CompletionStage<Void> send(MiawClient client, PlatformCalls messages, PlatformCalls calls,
      MiawConversation c, String messageId, VisitorMessage message) {
    List<Attachment> files = message.getAttachments();
    CompletableFuture<Void> chain = CompletableFuture.completedFuture(null);
    for (int i = 0; i < files.size(); i++) {
      Attachment a = files.get(i);
      String id = i == 0 ? messageId : MiawPlatform.platformId(messageId + "/file/" + i);
      String text = i == 0 ? message.getText() : null;
      chain = chain.thenCompose(x -> client.download(a.getUrl(), MAX_BYTES).handle((bytes, error) -> {
        if (error != null) {
          log.warn("{}: could not fetch an attachment ({}), sending its link", c, error.toString());
          String line = (text == null || text.isEmpty() ? "" : text + "\n") + "[" + a.getName() + "] " + a.getUrl();
          return messages.call(c.miawId, "MIAW message", () -> calls.once(c.orgId,
              () -> client.message(c, id, line)));
        }
        return messages.call(c.miawId, "MIAW file", () -> calls.once(c.orgId,
            () -> client.file(c, id, text, a.getName(), a.getContentType(), bytes)));
      }).thenCompose(f -> f).thenRun(() -> {}));
    }
    return chain;
  }
}
