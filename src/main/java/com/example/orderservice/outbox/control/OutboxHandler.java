package com.example.orderservice.outbox.control;

import com.example.orderservice.outbox.entity.OutboxMessage;

/**
 * Delivers one kind of outbox message to its peer. Implementations throw when the peer did not
 * accept it; the relay then tries again later.
 */
public interface OutboxHandler {

  OutboxMessage.Kind kind();

  void deliver(OutboxMessage message);
}
