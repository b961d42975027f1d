package com.example.orderservice.orders.boundary;

import com.example.orderservice.orders.control.PaymentWebhookHandler;
import com.example.orderservice.payments.control.WebhookSignatureVerifier;
import com.example.orderservice.payments.entity.PaymentWebhookEvent;
import com.example.orderservice.payments.entity.WebhookOutcome;
import com.example.orderservice.platform.ApiProblem;
import com.example.orderservice.platform.Caller;
import com.example.orderservice.platform.JsonBodies;
import jakarta.annotation.security.PermitAll;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import java.io.InputStream;

/**
 * {@code POST /api/v1/orders/{id}/webhook}: payment status updates from the Payment Service
 * (DD-ORDER-001 §2.6), signed as peers.md demands. The signature is checked on the raw bytes before
 * anything is parsed. The signature is its authentication: it takes no bearer token, and what it
 * changes is recorded as the Payment Service's doing.
 */
@ApplicationScoped
@Path("orders/{orderId}/webhook")
public class PaymentWebhookResource {

  /** Who a verified webhook's changes are attributed to in the order's history. */
  static final String PAYMENT_SERVICE = "payment-service";

  @Inject WebhookSignatureVerifier verifier;
  @Inject PaymentWebhookHandler handler;
  @Inject JsonBodies bodies;
  @Inject Caller caller;

  @POST
  @PermitAll
  @Produces(MediaType.APPLICATION_JSON)
  public WebhookOutcome receive(
      @PathParam("orderId") String orderId,
      @HeaderParam(WebhookSignatureVerifier.HEADER) String signature,
      @HeaderParam(HttpHeaders.CONTENT_LENGTH) Long length,
      InputStream body) {
    byte[] raw = bodies.read(body, length == null ? -1 : length);
    verifier.verify(signature, raw);
    caller.actAs(PAYMENT_SERVICE);
    long id;
    try {
      id = Long.parseLong(orderId);
    } catch (NumberFormatException e) {
      throw ApiProblem.notFound("There is no order " + orderId + ".");
    }
    return handler.handle(id, bodies.parse(raw, PaymentWebhookEvent.class));
  }
}
