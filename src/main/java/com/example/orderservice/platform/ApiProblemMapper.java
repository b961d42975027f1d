package com.example.orderservice.platform;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * Answers an {@link ApiProblem} as {@code application/problem+json}; a 503 says when to try again
 * ({@code Retry-After}), as the database outage's 503 does.
 */
@Provider
public class ApiProblemMapper implements ExceptionMapper<ApiProblem> {

  @Context UriInfo uriInfo;

  @Override
  public Response toResponse(ApiProblem problem) {
    Response response =
        ProblemDetails.response(
            problem.status(),
            problem.title(),
            problem.getMessage(),
            uriInfo.getRequestUri().getRawPath(),
            problem.violations());
    if (problem.status() != 503) {
      return response;
    }
    return Response.fromResponse(response)
        .header(HttpHeaders.RETRY_AFTER, UnexpectedExceptionMapper.RETRY_AFTER_SECONDS)
        .build();
  }
}
