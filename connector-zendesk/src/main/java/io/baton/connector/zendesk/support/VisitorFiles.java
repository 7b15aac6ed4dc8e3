package io.baton.connector.zendesk.support;

import io.baton.connector.calls.PlatformCalls;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The visitor's files of a batch, read from where the widget left them and uploaded: the comment's upload tokens. */
final class VisitorFiles {
  private static final Logger log = LoggerFactory.getLogger(VisitorFiles.class);

  private final SupportClient client;
  private final PlatformCalls calls;

  VisitorFiles(SupportClient client, PlatformCalls calls) {
    this.client = client;
    this.calls = calls;
  }

  CompletableFuture<List<String>> uploads(SupportAccount account, List<SupportTicket.Line> batch) {
    List<CompletableFuture<String>> tokens = new ArrayList<>();
    for (SupportTicket.Line l : batch) {
      for (SupportTicket.File f : l.files()) {
        // A file that cannot be read (gone, refused) does not hold the visitor's lines back.
        tokens.add(client.download(f.url()).handle((bytes, e) -> {
          if (e != null) {
            log.warn("the visitor's file {} could not be read; the line goes without it", f.name());
          }
          return e == null ? bytes : null;
        }).thenCompose(bytes -> bytes == null ? CompletableFuture.completedFuture("")
            : calls.call(account.connection(), "POST /uploads",
                () -> client.upload(account, f.name(), f.contentType(), bytes))
                .thenApply(r -> r.path("upload").path("token").asText())));
      }
    }
    return CompletableFuture.allOf(tokens.toArray(CompletableFuture[]::new))
        .thenApply(x -> tokens.stream().map(CompletableFuture::join).filter(s -> !s.isEmpty()).toList());
  }
}
