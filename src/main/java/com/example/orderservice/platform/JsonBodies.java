package com.example.orderservice.platform;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.bind.JsonbException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * Reads JSON request bodies with a size limit and parses them with the service's JSON-B setup, so
 * that an oversized body is a 413 and a malformed one a 400, never a 500.
 */
@ApplicationScoped
public class JsonBodies {

  @Inject
  @ConfigProperty(name = "MAX_REQUEST_BODY_BYTES", defaultValue = "1048576")
  long maxBytes;

  /** The raw bytes of the body, refusing more than the configured limit. */
  public byte[] read(InputStream body, long declaredLength) {
    if (declaredLength > maxBytes) {
      throw tooLarge();
    }
    try (InputStream in = body) {
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] buffer = new byte[8192];
      long total = 0;
      for (int n; (n = in.read(buffer)) != -1; ) {
        total += n;
        if (total > maxBytes) {
          throw tooLarge();
        }
        out.write(buffer, 0, n);
      }
      return out.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Parses {@code bytes} as JSON into {@code type}; anything unreadable is a 400. */
  public <T> T parse(byte[] bytes, Class<T> type) {
    if (bytes.length == 0) {
      throw ApiProblem.badRequest("The request body is empty; send a JSON object.");
    }
    try {
      T value = JsonbConfigurator.jsonb().fromJson(new java.io.ByteArrayInputStream(bytes), type);
      if (value == null) {
        throw ApiProblem.badRequest("The request body must be a JSON object.");
      }
      return value;
    } catch (JsonbException e) {
      throw ApiProblem.badRequest(
          "The request body is not valid JSON for this call: " + ClientMessages.json(e) + ".");
    }
  }

  public <T> T readAndParse(InputStream body, long declaredLength, Class<T> type) {
    return parse(read(body, declaredLength), type);
  }

  private ApiProblem tooLarge() {
    return ApiProblem.tooLarge("The request body is larger than " + maxBytes + " bytes.");
  }
}
