package io.baton.bench.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Each scenario runs end to end with tiny sizes and writes both files; what is counted (samples, messages lost or
 * doubled, streams and chats held) is checked, no latency or memory figure is judged.
 */
class PipelineBenchSmokeTest {
  @TempDir
  Path out;

  @Test
  void theBaselinesScenarioWritesATableAndJson() throws Exception {
    Path md = PipelineBench.runForTest("baselines", "--samples", "20", "--rate", "200", "--direct-chats", "2",
        "--messages", "20", "--settings-samples", "20", "--out", out.toString());

    String table = Files.readString(md);
    assertTrue(table.contains("| raw Kafka hop | 20 |"), table);
    JsonNode json = new ObjectMapper().readTree(md.resolveSibling(md.getFileName().toString()
        .replace(".md", ".json")).toFile());
    assertEquals("baselines", json.path("scenario").asText());
    assertEquals(Runtime.getRuntime().availableProcessors(), json.path("machine").path("cores").asInt());
    assertEquals(org.apache.kafka.common.utils.AppInfoParser.getVersion(), json.path("machine").path("kafka").asText());
    assertEquals("exactly_once_v2", json.path("settings").path("router.processing.guarantee").asText());
    JsonNode b = json.path("baselines");
    assertEquals(20, b.path("raw_hop").path("samples").asInt());
    assertEquals(20, b.path("raw_transactional_hop").path("samples").asInt());
    assertEquals(20, b.path("open_transaction_hop").path("samples").asInt());
    assertEquals(2, b.path("direct_handover").path("samples").asInt());
    assertEquals(10, b.path("direct_visitor_to_agent").path("samples").asInt());
    assertEquals(0, b.path("direct_visitor_to_agent").path("lost").asInt());
    assertEquals(10, b.path("direct_agent_to_visitor").path("samples").asInt());
    JsonNode settings = json.path("settings_effect");
    assertEquals(6, settings.size(), settings.toString());
    settings.forEach(s -> assertEquals(20, s.path("samples").asInt(), settings.toString()));
  }

  @Test
  void theRelayScenarioCountsEveryMessageAndSplitsItsTimeByStage() throws Exception {
    Path md = PipelineBench.runForTest("relay", "--conversations", "2", "--warmup-messages", "4", "--messages", "20",
        "--samples", "20",
        "--direct-chats", "2", "--handover-rate", "20", "--out", out.toString());

    JsonNode relay = json(md).path("relay exactly_once_v2:500");
    assertEquals(10, relay.path("visitor_messages").asInt());
    assertEquals(10, relay.path("agent_messages").asInt());
    assertEquals(0, relay.path("lost").asInt());
    assertEquals(0, relay.path("doubled").asInt());
    assertEquals(10, relay.path("visitor_to_agent").path("samples").asInt());
    assertEquals(10, relay.path("agent_to_widget").path("samples").asInt());
    JsonNode stages = relay.path("stages");
    assertEquals(9, stages.size(), stages.toString());
    stages.fields().forEachRemaining(s -> assertEquals(s.getKey().startsWith("handover") ? 2 : 10,
        s.getValue().path("samples").asInt(), stages.toString()));
  }

  @Test
  void theScaleScenarioHoldsStreamsAndChatsInServicesOfTheirOwn() throws Exception {
    Path md = PipelineBench.runForTest("scale", "--streams", "40", "--conversations", "4", "--gateway-heap", "256m",
        "--connector-heap", "256m", "--out", out.toString());

    JsonNode scale = json(md).path("scale");
    assertEquals(40, scale.path("sse").path("held").asInt(), scale.toString());
    assertEquals("256m", scale.path("sse").path("max_heap").asText());
    assertEquals(4, scale.path("connector").path("conversations").asInt(), scale.toString());
  }

  private static JsonNode json(Path md) throws java.io.IOException {
    return new ObjectMapper().readTree(md.resolveSibling(md.getFileName().toString().replace(".md", ".json")).toFile());
  }
}
