package com.example.orderservice.orders.entity;

import java.time.Instant;

/**
 * Which orders a list asks for and in which order; every criterion is optional (null: any).
 *
 * @param createdFrom inclusive
 * @param createdTo exclusive
 */
public record OrderFilter(
    Long importId,
    String customerEmail,
    OrderStatus status,
    Instant createdFrom,
    Instant createdTo,
    Sort sort) {

  /** The orders a list can be sorted by; the default is {@link #ID} (oldest first). */
  public enum Sort {
    ID("id", "o.id"),
    ID_DESC("-id", "o.id DESC"),
    CREATED_AT("created_at", "o.createdAt, o.id"),
    CREATED_AT_DESC("-created_at", "o.createdAt DESC, o.id DESC");

    private final String parameter;
    private final String jpql;

    Sort(String parameter, String jpql) {
      this.parameter = parameter;
      this.jpql = jpql;
    }

    /** The value of the {@code sort} query parameter that asks for this order. */
    public String parameter() {
      return parameter;
    }

    /** The JPQL ORDER BY list; the id breaks ties so that pages never overlap. */
    public String jpql() {
      return jpql;
    }
  }
}
