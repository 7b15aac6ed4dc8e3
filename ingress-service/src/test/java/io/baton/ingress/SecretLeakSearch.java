package io.baton.ingress;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.baton.testkit.CapturedLogs;
import io.baton.testkit.KafkaBroker;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.slf4j.LoggerFactory;

/**
 * Where secrets went: every log line captured since {@link #start} (JSON, as containers write them), every answer
 * {@link #record}ed (status line, headers, body), and the raw bytes of every record of every topic on the broker (key,
 * value, header names and values). A secret is looked for as its bytes, as text, base64 and base64url (at any of the
 * three alignments it may have inside a longer encoding), hex and URL-encoded.
 */
final class SecretLeakSearch implements AutoCloseable {
  private final KafkaBroker kafka;
  private final CapturedLogs logs;
  private final List<String> answers = new CopyOnWriteArrayList<>();

  private SecretLeakSearch(KafkaBroker kafka) {
    this.kafka = kafka;
    this.logs = CapturedLogs.start("io.baton");
  }

  static SecretLeakSearch start(KafkaBroker kafka) {
    return new SecretLeakSearch(kafka);
  }

  TestClient.Response record(TestClient.Response r) {
    answers.add(r.status() + "\n" + r.headers().map() + "\n" + r.body());
    return r;
  }

  /**
   * Plants a value once in each place, in a different form each time, and checks the search finds each: a log line
   * (URL-encoded), an answer and connections.v1 (as text: a connection's name is shown), conversation.inputs.v1
   * (base64, in a visitor message). Without this the search could pass by looking nowhere.
   */
  void proveItFinds(TestClient client, String tenant, String adminKey, String botKey) {
    byte[] planted = new byte[18];
    new SecureRandom().nextBytes(planted);
    String value = "planted/" + HexFormat.of().formatHex(planted) + "+\u00e9"; // its URL encoding is not itself
    LoggerFactory.getLogger(SecretLeakSearch.class).info("planted on purpose: {}",
        URLEncoder.encode(value + " &", StandardCharsets.UTF_8));
    TestClient.Response named = record(client.postJson("/v1/connections", "{\"platform\": \"dixa\", \"name\": \""
        + value + "\"}", "Authorization", "Bearer " + adminKey, "X-Baton-Tenant", tenant));
    assertEquals(201, named.status(), named.body());
    TestClient.Response message = record(client.postJson("/v1/conversations/planted/messages", "{\"text\": \"x"
        + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8)) + "\"}", "Authorization",
        "Bearer " + botKey));
    assertEquals(202, message.status(), message.body());
    List<String> found = find(Map.of("planted", value.getBytes(StandardCharsets.UTF_8)), true);
    for (String where : List.of("planted in a log line (url-encoded)", "planted in an answer (text)",
        "planted in topic connections.v1 (text)", "planted in topic conversation.inputs.v1 (base64)")) {
      assertTrue(found.contains(where), where + " not in " + found);
    }
  }

  /** Where each secret was found ("name in place (form)"); {@code inAnswers}: whether answers are searched too. */
  List<String> find(Map<String, byte[]> secrets, boolean inAnswers) {
    List<String> found = new ArrayList<>();
    Map<String, Map<String, byte[]>> forms = new LinkedHashMap<>();
    secrets.forEach((name, secret) -> forms.put(name, forms(secret)));
    String logText = String.join("\n", logs.lines());
    String answerText = String.join("\n", answers);
    forms.forEach((name, byForm) -> byForm.forEach((form, pattern) -> {
      String text = new String(pattern, StandardCharsets.ISO_8859_1);
      if (logText.contains(text) || logText.contains(new String(pattern, StandardCharsets.UTF_8))) {
        found.add(name + " in a log line (" + form + ")");
      }
      if (inAnswers && (answerText.contains(new String(pattern, StandardCharsets.UTF_8)))) {
        found.add(name + " in an answer (" + form + ")");
      }
    }));
    for (ConsumerRecord<byte[], byte[]> r : everyRecord()) {
      List<byte[]> parts = new ArrayList<>(List.of(bytes(r.key()), bytes(r.value())));
      for (Header h : r.headers()) {
        parts.add(h.key().getBytes(StandardCharsets.UTF_8));
        parts.add(bytes(h.value()));
      }
      forms.forEach((name, byForm) -> byForm.forEach((form, pattern) -> {
        String where = name + " in topic " + r.topic() + " (" + form + ")";
        if (!found.contains(where) && parts.stream().anyMatch(p -> indexOf(p, pattern) >= 0)) {
          found.add(where);
        }
      }));
    }
    return found;
  }

  /** The shapes a secret may take on its way out. */
  private static Map<String, byte[]> forms(byte[] secret) {
    Map<String, byte[]> forms = new LinkedHashMap<>();
    forms.put("text", secret);
    for (int shift = 0; shift < 3; shift++) {
      forms.put("base64" + (shift == 0 ? "" : " shifted " + shift), ascii(aligned(Base64.getEncoder(), secret, shift)));
      forms.put("base64url" + (shift == 0 ? "" : " shifted " + shift),
          ascii(aligned(Base64.getUrlEncoder(), secret, shift)));
    }
    forms.put("hex", ascii(HexFormat.of().formatHex(secret)));
    String text = new String(secret, StandardCharsets.UTF_8);
    forms.put("url-encoded", ascii(URLEncoder.encode(text, StandardCharsets.UTF_8)));
    return forms;
  }

  /**
   * The characters of the base64 of {@code secret} that are the same wherever it sits in a longer encoding whose
   * groups of three bytes start {@code shift} bytes before it: the first group (mixed with what precedes) and the last
   * (mixed with what follows) left out.
   */
  private static String aligned(Base64.Encoder encoder, byte[] secret, int shift) {
    byte[] shifted = new byte[shift + secret.length];
    System.arraycopy(secret, 0, shifted, shift, secret.length);
    String all = encoder.withoutPadding().encodeToString(shifted);
    int whole = (shifted.length / 3) * 4;
    return all.substring(shift == 0 ? 0 : 4, whole);
  }

  private List<ConsumerRecord<byte[], byte[]>> everyRecord() {
    Properties p = kafka.clientProperties();
    p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_uncommitted"); // aborted writes are bytes on disk too
    p.put(ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, "4194304");
    List<ConsumerRecord<byte[], byte[]>> read = new ArrayList<>();
    try (Admin admin = kafka.admin();
         KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(p, new ByteArrayDeserializer(),
             new ByteArrayDeserializer())) {
      List<TopicPartition> partitions = new ArrayList<>();
      admin.describeTopics(admin.listTopics().names().get()).allTopicNames().get()
          .forEach((topic, d) -> d.partitions().forEach(i -> partitions.add(new TopicPartition(topic, i.partition()))));
      consumer.assign(partitions);
      consumer.seekToBeginning(partitions);
      Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
      long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
      while (partitions.stream().anyMatch(tp -> consumer.position(tp) < end.get(tp))) {
        if (System.nanoTime() > deadline) {
          throw new AssertionError("could not read every topic to its end within 20 s");
        }
        consumer.poll(Duration.ofMillis(100)).forEach(read::add);
      }
    } catch (java.util.concurrent.ExecutionException e) {
      throw new AssertionError("could not list the topics", e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError(e);
    }
    return read;
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer : for (int i = 0; i <= haystack.length - needle.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private static byte[] bytes(byte[] b) {
    return b == null ? new byte[0] : b;
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  @Override
  public void close() {
    logs.close();
  }
}
