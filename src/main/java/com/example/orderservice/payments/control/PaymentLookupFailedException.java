package com.example.orderservice.payments.control;

import com.example.orderservice.platform.ApiProblem;

/** The Payment Service could not say what became of an order's payment just now (503). */
public class PaymentLookupFailedException extends ApiProblem {

  public PaymentLookupFailedException(long orderId) {
    super(
        jakarta.ws.rs.core.Response.Status.SERVICE_UNAVAILABLE,
        "The Payment Service could not tell the payment of order "
            + orderId
            + " just now; nothing was changed. Try again later.");
  }
}
