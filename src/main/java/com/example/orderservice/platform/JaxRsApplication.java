package com.example.orderservice.platform;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** Roots every REST resource of the service under {@code /api/v1}. */
@ApplicationPath("/api/v1")
public class JaxRsApplication extends Application {}
