package com.example.orderservice.platform;

import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;
import java.util.List;

/**
 * Turns the JAX-RS runtime's own refusals (unknown path, wrong method, unsupported media type, and
 * the platform's access checks: no bearer token, or a token without the role) into problem
 * documents, so every error of the API has one shape.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

  @Context UriInfo uriInfo;

  @Override
  public Response toResponse(WebApplicationException exception) {
    Response original = exception.getResponse();
    Response.StatusType status = original.getStatusInfo();
    String detail =
        switch (status.getStatusCode()) {
          case 401 -> BearerChallenge.MISSING;
          case 403 -> "The bearer token does not grant a role this call needs.";
          case 404 -> "No resource at this path.";
          case 405 -> "This path does not accept that HTTP method.";
          case 406 -> "The API answers with application/json only.";
          case 415 -> "Send the body as application/json.";
          default -> status.getReasonPhrase();
        };
    Response problem =
        ProblemDetails.response(
            status.getStatusCode(),
            status.getReasonPhrase(),
            detail,
            uriInfo.getRequestUri().getRawPath(),
            List.of());
    if (status.getStatusCode() == 401) {
      // RFC 6750: a refusal for want of a token names the scheme the caller should use.
      return Response.fromResponse(problem)
          .header(HttpHeaders.WWW_AUTHENTICATE, BearerChallenge.SCHEME)
          .build();
    }
    if (original.getHeaderString("Allow") != null) {
      return Response.fromResponse(problem)
          .header("Allow", original.getHeaderString("Allow"))
          .build();
    }
    return problem;
  }
}
