package com.example.orderservice.orders.boundary;

import com.example.orderservice.orders.entity.OrderFilter;
import com.example.orderservice.orders.entity.OrderStatus;
import com.example.orderservice.platform.ApiProblem;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * Reads the filter and sort query parameters of {@code GET /orders}; anything unreadable is 400.
 */
final class OrderListQuery {

  private OrderListQuery() {}

  static OrderFilter filter(
      String importId,
      String customerEmail,
      String status,
      String createdFrom,
      String createdTo,
      String sort) {
    return new OrderFilter(
        importId(importId),
        customerEmail == null || customerEmail.isBlank() ? null : customerEmail.trim(),
        status(status),
        instant("created_from", createdFrom),
        instant("created_to", createdTo),
        sort(sort));
  }

  private static Long importId(String text) {
    if (text == null) {
      return null;
    }
    try {
      return Long.valueOf(text);
    } catch (NumberFormatException e) {
      throw ApiProblem.badRequest("import_id must be a whole number; it was '" + text + "'.");
    }
  }

  private static OrderStatus status(String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    return OrderStatus.parse(text)
        .orElseThrow(
            () ->
                ApiProblem.badRequest(
                    "status must be one of "
                        + Arrays.stream(OrderStatus.values())
                            .map(OrderStatus::jsonName)
                            .collect(Collectors.joining(", "))
                        + "."));
  }

  private static Instant instant(String name, String text) {
    if (text == null || text.isBlank()) {
      return null;
    }
    try {
      return Instant.parse(text.trim());
    } catch (DateTimeParseException e) {
      throw ApiProblem.badRequest(
          name + " must be an ISO-8601 UTC time such as 2026-12-01T00:00:00Z.");
    }
  }

  private static OrderFilter.Sort sort(String text) {
    if (text == null || text.isBlank()) {
      return OrderFilter.Sort.ID;
    }
    return Arrays.stream(OrderFilter.Sort.values())
        .filter(s -> s.parameter().equals(text.trim()))
        .findFirst()
        .orElseThrow(
            () ->
                ApiProblem.badRequest(
                    "sort must be one of "
                        + Arrays.stream(OrderFilter.Sort.values())
                            .map(OrderFilter.Sort::parameter)
                            .collect(Collectors.joining(", "))
                        + "."));
  }
}
