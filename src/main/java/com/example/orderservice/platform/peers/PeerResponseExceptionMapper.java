package com.example.orderservice.platform.peers;

import jakarta.json.JsonObject;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.MultivaluedMap;
import jakarta.ws.rs.core.Response;
import org.eclipse.microprofile.rest.client.ext.ResponseExceptionMapper;

/**
 * Turns a peer's error status into {@link PeerRejectedException} (4xx) or {@link
 * PeerUnavailableException} (5xx), carrying the peer's {@code detail}.
 */
public class PeerResponseExceptionMapper implements ResponseExceptionMapper<RuntimeException> {

  @Override
  public boolean handles(int status, MultivaluedMap<String, Object> headers) {
    return status >= 400;
  }

  @Override
  public RuntimeException toThrowable(Response response) {
    int status = response.getStatus();
    String detail = detailOf(response);
    if (status >= 500) {
      return new PeerUnavailableException("peer answered " + status + ": " + detail, null);
    }
    return new PeerRejectedException(status, detail);
  }

  private static String detailOf(Response response) {
    try {
      if (response.hasEntity()
          && MediaType.APPLICATION_JSON_TYPE.isCompatible(response.getMediaType())) {
        JsonObject body = response.readEntity(JsonObject.class);
        return body.getString("detail", body.toString());
      }
      return response.hasEntity() ? response.readEntity(String.class) : null;
    } catch (RuntimeException unreadable) {
      return null;
    }
  }
}
