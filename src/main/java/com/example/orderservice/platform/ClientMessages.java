package com.example.orderservice.platform;

import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParsingException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns the messages of parsers into words for a client: what is wrong with the input and where,
 * never a Java class name, which says nothing to a client and tells an attacker what runs here.
 */
public final class ClientMessages {

  // "class java.lang.Integer", "interface java.util.List", "java.io.IOException: ", "x.y.Z$Inner"
  private static final Pattern JAVA_TYPE =
      Pattern.compile(
          "(?:(?:class|interface) )?\\b[a-z][a-z0-9_]*(?:\\.[a-z][a-z0-9_]*)+\\.[A-Z][\\w$]*:?\\s?");
  private static final Pattern PROPERTY = Pattern.compile("property '?([\\w]+)'?");

  private ClientMessages() {}

  /** Why a JSON body could not be read: the syntax error and its place, or which field. */
  public static String json(Throwable failure) {
    for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
      if (cause instanceof JsonParsingException syntax) {
        return withoutJavaTypes(syntax.getMessage());
      }
    }
    String message = failure.getMessage() == null ? "" : failure.getMessage();
    if (!(failure instanceof JsonbException)) {
      String words = withoutJavaTypes(message);
      return words.isEmpty() ? "the JSON ends too early" : words;
    }
    Matcher property = PROPERTY.matcher(message);
    return property.find()
        ? "the field " + property.group(1) + " does not have the expected type"
        : "a value does not have the expected type (text, number, list or object)";
  }

  /** {@code message} with every Java type name removed. */
  public static String withoutJavaTypes(String message) {
    return message == null ? "" : JAVA_TYPE.matcher(message).replaceAll("").trim();
  }
}
