package com.example.orderservice.platform.peers;

import com.example.orderservice.platform.RequestIds;
import jakarta.ws.rs.client.ClientRequestContext;
import jakarta.ws.rs.client.ClientRequestFilter;

/** Sends the current request's id to a peer, so its logs can be matched with ours. */
public class RequestIdForwarder implements ClientRequestFilter {

  @Override
  public void filter(ClientRequestContext request) {
    String id = RequestIds.current();
    // Background work (outbox relay, settling) has no request: the peer then makes its own id.
    if (id != null && !request.getHeaders().containsKey(RequestIds.HEADER)) {
      request.getHeaders().putSingle(RequestIds.HEADER, id);
    }
  }
}
