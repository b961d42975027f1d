package com.example.orderservice.platform;

import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.core.UriInfo;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** Answers an {@link ApiProblem} as {@code application/problem+json}. */
@Provider
public class ApiProblemMapper implements ExceptionMapper<ApiProblem> {

  @Context UriInfo uriInfo;

  @Override
  public Response toResponse(ApiProblem problem) {
    return ProblemDetails.response(
        problem.status(),
        problem.title(),
        problem.getMessage(),
        uriInfo.getRequestUri().getRawPath(),
        problem.violations());
  }
}
