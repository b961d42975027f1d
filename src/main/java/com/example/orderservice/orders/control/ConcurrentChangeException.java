package com.example.orderservice.orders.control;

import com.example.orderservice.platform.ApiProblem;

/**
 * Another transaction changed the order between our read and our write (its version moved); the
 * caller may read it again and re-apply what it meant to do.
 */
public class ConcurrentChangeException extends ApiProblem {

  public ConcurrentChangeException(long orderId) {
    super(
        jakarta.ws.rs.core.Response.Status.CONFLICT,
        "Order "
            + orderId
            + " was changed by another request at the same time; read it and retry.");
  }
}
