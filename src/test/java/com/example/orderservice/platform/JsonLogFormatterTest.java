package com.example.orderservice.platform;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** One valid JSON object per line, with the request id and the stack trace as fields. */
class JsonLogFormatterTest {

  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void leaveNoRequest() {
    RequestIds.clear();
  }

  @Test
  void writesOneObjectPerLineWithTheRequestId() throws Exception {
    RequestIds.set("abc-123");
    LogRecord record = new LogRecord(Level.WARNING, "Order {0}: \"odd\"\nsecond line");
    record.setParameters(new Object[] {42});
    record.setLoggerName("orders");
    new RequestIdLogStamp(null, false, "node-1").isLoggable(record);
    RequestIds.clear();

    String line = new JsonLogFormatter("node-1").format(record);

    assertThat(line).endsWith(System.lineSeparator());
    assertThat(line.strip()).doesNotContain("\n");
    JsonNode fields = json.readTree(line);
    assertThat(fields.get("level").asText()).isEqualTo("WARNING");
    assertThat(fields.get("logger").asText()).isEqualTo("orders");
    assertThat(fields.get("message").asText()).isEqualTo("Order 42: \"odd\"\nsecond line");
    // Noted when logged, though formatted after the request ended (as asynchronous handlers do).
    assertThat(fields.get("request_id").asText()).isEqualTo("abc-123");
    assertThat(fields.get("instance").asText()).isEqualTo("node-1");
    assertThat(fields.get("time").asText()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
    assertThat(fields.has("thrown")).isFalse();
  }

  @Test
  void carriesTheStackTraceAndNoIdOutsideRequests() throws Exception {
    LogRecord record = new LogRecord(Level.SEVERE, "failed\u0001");
    record.setThrown(new IllegalStateException("boom"));

    JsonNode fields = json.readTree(new JsonLogFormatter("node-1").format(record));

    assertThat(fields.get("message").asText()).isEqualTo("failed\u0001");
    assertThat(fields.get("thrown").asText()).startsWith("java.lang.IllegalStateException: boom");
    assertThat(fields.has("request_id")).isFalse();
  }

  @Test
  void theTextFormatGetsTheIdAsAMessagePrefixOnce() {
    RequestIds.set("r1");
    LogRecord record = new LogRecord(Level.INFO, "hello");
    new RequestIdLogStamp(null, true, "node-1").isLoggable(record);
    new RequestIdLogStamp(null, true, "node-1").isLoggable(record);

    assertThat(record.getMessage()).isEqualTo("[instance=node-1] [request_id=r1] hello");
  }

  @Test
  void takesOnlySaneIdsFromCallers() {
    assertThat(RequestIds.acceptOrMake("a.B_9-z")).isEqualTo("a.B_9-z");
    assertThat(RequestIds.acceptOrMake("x\r\nforged: line")).matches("[0-9a-f-]{36}");
    assertThat(RequestIds.acceptOrMake("")).matches("[0-9a-f-]{36}");
    assertThat(RequestIds.acceptOrMake("a".repeat(129))).matches("[0-9a-f-]{36}");
    assertThat(RequestIds.acceptOrMake(null)).matches("[0-9a-f-]{36}");
  }
}
