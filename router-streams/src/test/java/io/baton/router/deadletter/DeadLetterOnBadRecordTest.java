package io.baton.router.deadletter;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.baton.schemas.registry.SchemaRegistryUnavailableException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler.Result;
import org.apache.kafka.streams.errors.StreamsException;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

class DeadLetterOnBadRecordTest {
  private final ConsumerRecord<byte[], byte[]> record = new ConsumerRecord<>("conversation.inputs.v1", 3, 42L,
      "acme/c-1".getBytes(StandardCharsets.UTF_8), new byte[] {0, 0, 0, 0, 34, 2});
  private final SchemaRegistryUnavailableException outage =
      new SchemaRegistryUnavailableException("schema registry http://r:8081 did not answer GET /schemas/ids/34");

  @Test
  void aRecordWhoseSchemaTheRegistryCouldNotGiveIsNotDeadLetteredButFailsItsThreadWhichIsReplaced() {
    var response = new DeadLetterOnBadRecord().handleError(null, record, outage);

    assertEquals(Result.FAIL, response.result());
    assertEquals(List.of(), response.deadLetterQueueRecords());
    assertEquals(StreamThreadExceptionResponse.REPLACE_THREAD,
        DeadLetterOnBadRecord.afterThreadFailure(new StreamsException("Deserialization exception handler is set to"
            + " fail upon a deserialization error.", outage)));
  }

  @Test
  void anUnreadableRecordIsDeadLetteredAndAnyOtherThreadFailureStopsTheRouter() {
    var response = new DeadLetterOnBadRecord().handleError(null, record,
        new SerializationException("unknown schema id 34 on conversation.inputs.v1 (neither in the catalogue nor in"
            + " the schema registry http://r:8081)"));

    assertEquals(Result.RESUME, response.result());
    assertEquals("conversation.inputs.v1.dlq", response.deadLetterQueueRecords().get(0).topic());
    assertEquals(StreamThreadExceptionResponse.SHUTDOWN_CLIENT,
        DeadLetterOnBadRecord.afterThreadFailure(new IllegalStateException("a bug")));
  }
}
