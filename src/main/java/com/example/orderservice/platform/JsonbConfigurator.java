package com.example.orderservice.platform;

import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import jakarta.json.bind.JsonbConfig;
import jakarta.json.bind.config.PropertyNamingStrategy;
import jakarta.ws.rs.ext.ContextResolver;
import jakarta.ws.rs.ext.Provider;

/** Makes every JSON body of the API snake_case, as the design and the peer contracts show. */
@Provider
public class JsonbConfigurator implements ContextResolver<Jsonb> {

  private static final Jsonb JSONB = create();

  /** The one JSON-B configuration of the service, also used outside JAX-RS (webhook bodies). */
  public static Jsonb jsonb() {
    return JSONB;
  }

  private static Jsonb create() {
    return JsonbBuilder.create(
        new JsonbConfig()
            .withPropertyNamingStrategy(PropertyNamingStrategy.LOWER_CASE_WITH_UNDERSCORES)
            .withNullValues(false));
  }

  @Override
  public Jsonb getContext(Class<?> type) {
    return JSONB;
  }
}
