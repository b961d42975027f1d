package com.example.orderservice.platform;

import java.util.UUID;
import java.util.regex.Pattern;

/** The id of the request the current thread serves, for log lines and calls to peers. */
// java.util.logging has no MDC: a ThreadLocal set by RequestIdFilter for the request's duration.
public final class RequestIds {

  public static final String HEADER = "X-Request-Id";

  // Only tokens that cannot forge log lines or header values are taken over from a caller.
  private static final Pattern SANE = Pattern.compile("[A-Za-z0-9._-]{1,128}");

  private static final ThreadLocal<String> CURRENT = new ThreadLocal<>();

  private RequestIds() {}

  /** The caller's id if it is a sane token, else a new one. */
  public static String acceptOrMake(String given) {
    return given != null && SANE.matcher(given).matches() ? given : UUID.randomUUID().toString();
  }

  /** The current request's id, or null outside a request. */
  public static String current() {
    return CURRENT.get();
  }

  static void set(String id) {
    CURRENT.set(id);
  }

  static void clear() {
    CURRENT.remove();
  }
}
