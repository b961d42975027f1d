package com.example.orderservice.platform;

import jakarta.annotation.Priority;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.ext.Provider;
import java.lang.reflect.Method;
import java.util.Arrays;

/**
 * Enforces each resource's {@code @RolesAllowed} on the caller the server authenticated from the
 * bearer token: no caller → 401, a caller without the role → 403 (problem documents through
 * WebApplicationExceptionMapper).
 */
// Payara's JAX-RS runtime checks the annotations itself once MP-JWT is on; WildFly's RESTEasy does
// not (and would answer 403 to a caller without a token). The same rule here makes the answers the
// same on both; on Payara it repeats a check that has already passed.
@Provider
@Priority(Priorities.AUTHORIZATION)
public class RoleCheck implements ContainerRequestFilter {

  @Context ResourceInfo resource;

  @Override
  public void filter(ContainerRequestContext request) {
    Method method = resource.getResourceMethod();
    if (method == null || method.isAnnotationPresent(PermitAll.class)) {
      return;
    }
    boolean denied = method.isAnnotationPresent(DenyAll.class);
    RolesAllowed roles = method.getAnnotation(RolesAllowed.class);
    if (roles == null && !denied) {
      Class<?> type = resource.getResourceClass();
      if (type.isAnnotationPresent(PermitAll.class)) {
        return;
      }
      denied = type.isAnnotationPresent(DenyAll.class);
      roles = type.getAnnotation(RolesAllowed.class);
    }
    if (roles == null && !denied) {
      return;
    }
    var security = request.getSecurityContext();
    if (security.getUserPrincipal() == null) {
      throw new NotAuthorizedException(BearerChallenge.SCHEME);
    }
    if (denied || Arrays.stream(roles.value()).noneMatch(security::isUserInRole)) {
      throw new ForbiddenException();
    }
  }
}
