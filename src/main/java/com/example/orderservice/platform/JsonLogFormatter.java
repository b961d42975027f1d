package com.example.orderservice.platform;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * Writes each log record as one JSON object on one line (time, level, logger, instance, message,
 * request_id, thrown), for log collectors; selected with {@code LOG_FORMAT=json}.
 */
public class JsonLogFormatter extends Formatter {

  private final String instance;

  /** A formatter for the instance named {@code instance} (see {@link RequestIdLogStamp}). */
  public JsonLogFormatter(String instance) {
    this.instance = instance;
  }

  @Override
  public String format(LogRecord record) {
    StringBuilder json = new StringBuilder(256).append('{');
    field(json, "time", Instant.ofEpochMilli(record.getMillis()).toString());
    json.append(',');
    field(json, "level", record.getLevel().getName());
    json.append(',');
    field(json, "logger", record.getLoggerName());
    json.append(',');
    field(json, "instance", instance);
    json.append(',');
    field(json, "message", formatMessage(record));
    String id = RequestIdLogStamp.of(record);
    if (id != null) {
      json.append(',');
      field(json, "request_id", id);
    }
    if (record.getThrown() != null) {
      StringWriter trace = new StringWriter();
      record.getThrown().printStackTrace(new PrintWriter(trace));
      json.append(',');
      field(json, "thrown", trace.toString());
    }
    return json.append('}').append(System.lineSeparator()).toString();
  }

  private static void field(StringBuilder json, String name, String value) {
    json.append('"').append(name).append("\":");
    if (value == null) {
      json.append("null");
      return;
    }
    json.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> json.append("\\\"");
        case '\\' -> json.append("\\\\");
        case '\n' -> json.append("\\n");
        case '\r' -> json.append("\\r");
        case '\t' -> json.append("\\t");
        default -> {
          // Other control characters would break the one-line, valid-JSON promise.
          if (c < 0x20) {
            json.append(String.format("\\u%04x", (int) c));
          } else {
            json.append(c);
          }
        }
      }
    }
    json.append('"');
  }
}
