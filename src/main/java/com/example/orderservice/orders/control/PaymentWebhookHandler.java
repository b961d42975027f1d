package com.example.orderservice.orders.control;

import com.example.orderservice.orders.entity.OrderEvent;
import com.example.orderservice.payments.entity.PaymentWebhookEvent;
import com.example.orderservice.payments.entity.WebhookOutcome;
import com.example.orderservice.payments.entity.WebhookOutcome.Result;
import com.example.orderservice.platform.ApiProblem;
import jakarta.ejb.EJBException;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import jakarta.inject.Inject;

/**
 * Handles a verified payment webhook: checks the event and applies it to the order through the
 * state machine (the e-mail the move calls for is queued with it). An event that lost a race
 * against another change of the order (the charge's own answer, the settler) is applied again to
 * the order's fresh state: it is never turned into a refund of a paid order.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
public class PaymentWebhookHandler {

  @Inject PaymentEventStore store;

  public WebhookOutcome handle(long pathOrderId, PaymentWebhookEvent event) {
    OrderEvent orderEvent = check(pathOrderId, event);
    PaymentEventStore.Recorded recorded;
    try {
      recorded =
          ConflictRetry.retrying(
              () -> store.record(event.eventId(), pathOrderId, event.status(), orderEvent));
    } catch (EJBException e) {
      // Two deliveries of one event raced and the other one committed first.
      if (store.seen(event.eventId())) {
        return new WebhookOutcome(event.eventId(), Result.duplicate, pathOrderId, null);
      }
      throw e;
    }
    if (recorded.refused() != null) {
      throw ApiProblem.conflict(recorded.refused());
    }
    return new WebhookOutcome(
        event.eventId(), recorded.result(), pathOrderId, recorded.order().status());
  }

  private static OrderEvent check(long pathOrderId, PaymentWebhookEvent event) {
    if (event.eventId() == null || event.eventId().isBlank() || event.eventId().length() > 255) {
      throw ApiProblem.badRequest("event_id is required (1-255 characters).");
    }
    if (event.orderId() == null) {
      throw ApiProblem.badRequest("order_id is required.");
    }
    if (event.orderId() != pathOrderId) {
      throw ApiProblem.badRequest(
          "The body's order_id "
              + event.orderId()
              + " differs from the path's "
              + pathOrderId
              + ".");
    }
    if (event.status() == null) {
      throw ApiProblem.badRequest("status is required: completed, failed or refunded.");
    }
    return switch (event.status()) {
      case "completed" -> OrderEvent.PAYMENT_SUCCEEDED;
      case "failed" -> OrderEvent.PAYMENT_FAILED;
      case "refunded" -> OrderEvent.REFUNDED;
      default ->
          throw ApiProblem.badRequest(
              "status '" + event.status() + "' is not one of completed, failed, refunded.");
    };
  }
}
