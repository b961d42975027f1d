package com.example.orderservice.platform;

import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.PreMatching;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.ext.Provider;
import java.util.Set;

/**
 * A JSON endpoint's body sent without a {@code Content-Type} is read as JSON, on every server: a
 * malformed one is a 400 problem, a well-formed one is taken. Jersey (Payara) matched such a
 * request to the JSON method by itself; RESTEasy (WildFly) answered 415 before the body was read.
 * The import upload, which takes CSV or multipart, is left alone.
 */
@Provider
@PreMatching
public class UntypedJsonBody implements ContainerRequestFilter {

  private static final Set<String> WITH_BODY = Set.of(HttpMethod.POST, HttpMethod.PUT, "PATCH");

  @Override
  public void filter(ContainerRequestContext request) {
    if (WITH_BODY.contains(request.getMethod())
        && request.getHeaderString(HttpHeaders.CONTENT_TYPE) == null
        && hasBody(request)
        && !isImportUpload(request.getUriInfo().getPath())) {
      request.getHeaders().putSingle(HttpHeaders.CONTENT_TYPE, MediaType.APPLICATION_JSON);
    }
  }

  /** From the headers: RESTEasy's hasEntity() is false for any body without a Content-Type. */
  private static boolean hasBody(ContainerRequestContext request) {
    return request.getLength() > 0 || request.getHeaderString("Transfer-Encoding") != null;
  }

  /** {@code path}: relative to {@code /api/v1}, with or without a leading slash. */
  private static boolean isImportUpload(String path) {
    return (path.startsWith("/") ? path.substring(1) : path).startsWith("order-imports");
  }
}
