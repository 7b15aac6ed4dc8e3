package io.baton.router.deadletter;

import io.baton.schemas.registry.SchemaRegistryUnavailableException;
import io.baton.operations.DeadLetterCounter;
import io.baton.topics.Topics;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A record the router cannot read goes, as its original bytes, to {@code <topic>.dlq} with the reason in headers,
 * and the router goes on with the next record.
 *
 * <p>Except when the schema registry could not be asked for the record's schema id (the serde waited a bounded time):
 * the record is fine, so it fails its stream thread instead, which {@link #afterThreadFailure} replaces; the new thread
 * resumes from the last commit and asks the registry again.
 */
public final class DeadLetterOnBadRecord implements DeserializationExceptionHandler {
  private static final Logger log = LoggerFactory.getLogger(DeadLetterOnBadRecord.class);
  public static final String ERROR_HEADER = "baton.error";
  public static final String SOURCE_HEADER = "baton.source";

  @Override
  public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
    if (SchemaRegistryUnavailableException.isCauseOf(exception)) {
      log.warn("not reading {}-{}@{} until the schema registry answers: {}", record.topic(), record.partition(),
          record.offset(), exception.getMessage());
      return Response.fail();
    }
    String reason = exception.getMessage() == null ? exception.getClass().getName() : exception.getMessage();
    log.warn("dead-lettering {}-{}@{}: {}", record.topic(), record.partition(), record.offset(), reason);
    ProducerRecord<byte[], byte[]> dead = new ProducerRecord<>(Topics.deadLetters(record.topic()).name(), null,
        record.key(), record.value(), record.headers());
    dead.headers().add(ERROR_HEADER, reason.getBytes(StandardCharsets.UTF_8));
    dead.headers().add(SOURCE_HEADER,
        (record.topic() + "-" + record.partition() + "@" + record.offset()).getBytes(StandardCharsets.UTF_8));
    DeadLetterCounter.count("router", dead.topic()); // produced by Streams with the input's offsets
    return Response.resume(List.of(dead));
  }

  /** The router's uncaught exception handler: a registry outage replaces the thread, anything else stops the router. */
  public static StreamThreadExceptionResponse afterThreadFailure(Throwable failure) {
    if (SchemaRegistryUnavailableException.isCauseOf(failure)) {
      return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
    log.error("the router stops", failure);
    return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
  }

  @Override
  public void configure(Map<String, ?> configs) {}
}
