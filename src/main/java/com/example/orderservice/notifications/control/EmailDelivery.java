package com.example.orderservice.notifications.control;

import com.example.orderservice.notifications.entity.EmailRequest;
import com.example.orderservice.outbox.control.OutboxHandler;
import com.example.orderservice.outbox.entity.OutboxMessage;
import com.example.orderservice.platform.JsonbConfigurator;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** Delivers queued e-mails to the Notification Service with their idempotency keys. */
@ApplicationScoped
public class EmailDelivery implements OutboxHandler {

  @Inject NotificationPeer peer;

  @Override
  public OutboxMessage.Kind kind() {
    return OutboxMessage.Kind.EMAIL;
  }

  @Override
  public void deliver(OutboxMessage message) {
    EmailRequest email =
        JsonbConfigurator.jsonb().fromJson(message.getPayload(), EmailRequest.class);
    peer.send(message.getIdempotencyKey(), email);
  }
}
