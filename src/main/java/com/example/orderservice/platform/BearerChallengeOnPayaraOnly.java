package com.example.orderservice.platform;

import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;

/** Keeps {@link BearerChallenge} out of the application on WildFly, where it would do harm. */
// WildFly checks MP-JWT tokens with Elytron, outside Jakarta Security, but any
// HttpAuthenticationMechanism bean makes it register that bean (through Soteria and JASPI) as the
// application's only authentication: BearerChallenge, finding no runtime mechanism to wrap, would
// then let every call through anonymously. jboss.home.dir is set by every WildFly (and JBoss EAP)
// launcher; Payara keeps the bean exactly as before.
public class BearerChallengeOnPayaraOnly implements Extension {

  void vetoOnWildFly(@Observes ProcessAnnotatedType<BearerChallenge> type) {
    if (System.getProperty("jboss.home.dir") != null) {
      type.veto();
    }
  }
}
