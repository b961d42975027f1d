package com.example.orderservice.imports.control;

import com.example.orderservice.imports.entity.RejectedRow;
import com.example.orderservice.imports.entity.SourceOrder;
import com.example.orderservice.orders.entity.NewOrder;
import com.example.orderservice.platform.ClientMessages;
import com.example.orderservice.platform.JsonbConfigurator;
import jakarta.json.Json;
import jakarta.json.JsonException;
import jakarta.json.JsonObject;
import jakarta.json.bind.JsonbException;
import jakarta.json.stream.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * Reads a stored JSON batch ({@code {"orders": [...]}}) as a stream, one {@link SourceOrder} per
 * element; an order's "line" is its position in the array, counted from 1.
 */
public final class JsonBatchReader implements AutoCloseable {

  /** One element of {@code orders}: an order as for {@code POST /api/v1/orders/}, with a ref. */
  public record BatchOrder(
      String orderRef,
      String customerEmail,
      String customerName,
      List<NewOrder.Item> items,
      String currency) {}

  private final InputStream in;
  private final JsonParser parser;
  private long position;

  private JsonBatchReader(InputStream in) {
    this.in = in;
    this.parser = Json.createParser(in);
  }

  /**
   * Reads the batch {@code in} delivers and moves to the first order.
   *
   * @throws ImportFileException when the file is not a JSON object with an {@code orders} array
   */
  public static JsonBatchReader open(InputStream in) {
    JsonBatchReader reader = new JsonBatchReader(in);
    try {
      reader.seekOrders();
    } catch (RuntimeException e) {
      reader.close();
      throw e;
    }
    return reader;
  }

  private void seekOrders() {
    try {
      if (!parser.hasNext() || parser.next() != JsonParser.Event.START_OBJECT) {
        throw new ImportFileException("the body must be a JSON object {\"orders\": [...]}");
      }
      while (parser.hasNext()) {
        JsonParser.Event event = parser.next();
        if (event == JsonParser.Event.KEY_NAME && parser.getString().equals("orders")) {
          if (parser.next() != JsonParser.Event.START_ARRAY) {
            throw new ImportFileException("\"orders\" must be an array");
          }
          return;
        }
        if (event == JsonParser.Event.START_OBJECT) {
          parser.skipObject();
        } else if (event == JsonParser.Event.START_ARRAY) {
          parser.skipArray();
        }
      }
      throw new ImportFileException("the body has no \"orders\" array");
    } catch (JsonException e) {
      throw new ImportFileException("the body is not valid JSON: " + ClientMessages.json(e));
    }
  }

  public void skip(long orders) {
    for (long i = 0; i < orders && nextOrder() != null; i++) {
      // only moving on
    }
  }

  public int countRemaining() {
    int count = 0;
    while (nextOrder() != null) {
      count++;
    }
    return count;
  }

  /** The next order, or null after the last one. */
  public SourceOrder nextOrder() {
    try {
      JsonParser.Event event = parser.next();
      if (event == JsonParser.Event.END_ARRAY) {
        return null;
      }
      position++;
      if (event != JsonParser.Event.START_OBJECT) {
        return rejected(null, "each element of orders must be an order object");
      }
      JsonObject object = parser.getObject();
      BatchOrder order;
      try {
        order = JsonbConfigurator.jsonb().fromJson(object.toString(), BatchOrder.class);
      } catch (JsonbException e) {
        return rejected(
            object.getString("order_ref", null),
            "the order is malformed: " + ClientMessages.json(e));
      }
      String ref = order.orderRef();
      Optional<RejectedRow> badRef =
          ref == null ? Optional.empty() : ImportRules.checkRef(position, ref);
      if (badRef.isPresent()) {
        return new SourceOrder(ref, List.of(position), null, List.of(badRef.get()), 1);
      }
      int items = order.items() == null ? 1 : Math.max(1, order.items().size());
      return new SourceOrder(
          ref,
          Collections.nCopies(items, position),
          new NewOrder(
              order.customerEmail(), order.customerName(), order.items(), order.currency()),
          List.of(),
          1);
    } catch (JsonException | java.util.NoSuchElementException e) {
      throw new ImportFileException("the body is not valid JSON: " + ClientMessages.json(e));
    }
  }

  private SourceOrder rejected(String ref, String message) {
    return new SourceOrder(
        ref, List.of(position), null, List.of(new RejectedRow(position, ref, null, message)), 1);
  }

  @Override
  public void close() {
    parser.close();
    try {
      in.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
