package com.example.orderservice.platform;

import jakarta.annotation.security.DeclareRoles;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.auth.LoginConfig;

/**
 * Roots every REST resource of the service under {@code /api/v1} and has the platform check
 * MicroProfile JWT bearer tokens on every call; each resource says which roles may call it.
 */
// A CDI bean (bean discovery is "annotated"): the runtime finds @LoginConfig on beans only.
@ApplicationScoped
@ApplicationPath("/api/v1")
@LoginConfig(authMethod = "MP-JWT")
@DeclareRoles({Roles.STOREFRONT, Roles.OPERATOR})
public class JaxRsApplication extends Application {}
