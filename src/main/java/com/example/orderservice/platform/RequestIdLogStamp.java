package com.example.orderservice.platform;

import java.util.Collections;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.logging.Filter;
import java.util.logging.LogRecord;

/**
 * A log handler filter that notes this instance's id and the current request id on each record: in
 * the text format as an {@code [instance=…]} and a {@code [request_id=…]} message prefix, for
 * {@link JsonLogFormatter} as fields.
 */
// A handler filter runs on the logging thread, where the ThreadLocal is set; a handler may format
// later on a thread of its own (Payara's file handler does), so the id travels with the record.
public final class RequestIdLogStamp implements Filter {

  // Weak keys: a record is forgotten once the handlers are done with it.
  private static final Map<LogRecord, String> IDS =
      Collections.synchronizedMap(new WeakHashMap<>());

  private final Filter previous;
  private final boolean prefixMessage;
  private final String instance;

  // The instance id is handed in, not looked up here: a log filter that initialised a class which
  // reads the configuration (and logs) could deadlock with another logging thread.
  public RequestIdLogStamp(Filter previous, boolean prefixMessage, String instance) {
    this.previous = previous;
    this.prefixMessage = prefixMessage;
    this.instance = instance;
  }

  @Override
  public boolean isLoggable(LogRecord record) {
    if (previous != null && !previous.isLoggable(record)) {
      return false;
    }
    String id = RequestIds.current();
    // Several handlers see the same record: stamp it once.
    if (IDS.putIfAbsent(record, id == null ? "" : id) == null && prefixMessage) {
      record.setMessage(
          "[instance="
              + instance
              + "] "
              + (id == null ? "" : "[request_id=" + id + "] ")
              + record.getMessage());
    }
    return true;
  }

  /** The id noted on {@code record}, else the current thread's, or null. */
  public static String of(LogRecord record) {
    String id = IDS.get(record);
    return id == null ? RequestIds.current() : id.isEmpty() ? null : id;
  }

  /** The filter this one wraps (to put back when the application stops). */
  public Filter previous() {
    return previous;
  }
}
