package com.example.orderservice.platform;

import java.util.regex.Pattern;

/**
 * What text may leave the service (security.md, "Data that needs care"): error answers name the
 * broken rule, never class names or file-system paths; log lines above FINE carry no customer
 * e-mail addresses.
 */
public final class PublicText {

  // A package-qualified Java name (com.example.Foo, java.lang.Integer): an internal.
  private static final Pattern QUALIFIED_CLASS =
      Pattern.compile("\\b(?:[a-z_$][\\w$]*\\.){2,}[A-Z][\\w$]*(?:\\$[\\w$]+)*");
  // An absolute file-system path of two or more segments; the API's own paths are not internals.
  private static final Pattern FILE_PATH =
      Pattern.compile("(?<![\\w/.:])/(?!api/)(?:[\\w.@-]+/)+[\\w.@-]+");
  private static final Pattern EMAIL = Pattern.compile("[\\w.%+-]+@[\\w-]+(?:\\.[\\w-]+)+");

  private PublicText() {}

  /** {@code text} with class names and file paths replaced, for an answer to a caller. */
  public static String forAnswer(String text) {
    if (text == null) {
      return null;
    }
    String noClasses = QUALIFIED_CLASS.matcher(text).replaceAll("(internal type)");
    return FILE_PATH.matcher(noClasses).replaceAll("(file)");
  }

  /** {@code text} with e-mail addresses masked, for a log line above FINE. */
  public static String forLog(String text) {
    return text == null ? null : EMAIL.matcher(text).replaceAll("(e-mail)");
  }

  /**
   * A copy of {@code failure} for a log line above FINE: the same types, frames and causes, with
   * e-mail addresses masked in every message (a database error quotes the row it refused).
   */
  public static Throwable forLog(Throwable failure) {
    if (failure == null) {
      return null;
    }
    Throwable copy =
        new LoggedFailure(
            failure.getClass().getName() + ": " + forLog(String.valueOf(failure.getMessage())),
            failure.getCause() == failure ? null : forLog(failure.getCause()));
    copy.setStackTrace(failure.getStackTrace());
    return copy;
  }

  /** Stands in for a logged exception whose message was masked. */
  static final class LoggedFailure extends RuntimeException {
    LoggedFailure(String message, Throwable cause) {
      super(message, cause);
    }

    @Override
    public String toString() {
      return getMessage();
    }
  }
}
