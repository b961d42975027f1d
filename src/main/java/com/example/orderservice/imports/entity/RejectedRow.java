package com.example.orderservice.imports.entity;

import jakarta.json.bind.annotation.JsonbPropertyOrder;

/** A rejection as the API reports it: line, order, column and a message a person can act on. */
@JsonbPropertyOrder({"line", "orderRef", "column", "message"})
public record RejectedRow(long line, String orderRef, String column, String message) {

  public static RejectedRow of(ImportError error) {
    return new RejectedRow(
        error.getLine(), error.getOrderRef(), error.getColumn(), error.getMessage());
  }
}
