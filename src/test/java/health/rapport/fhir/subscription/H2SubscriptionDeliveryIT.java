package health.rapport.fhir.subscription;

import org.springframework.test.context.ActiveProfiles;

/** The subscription deliveries on the embedded H2 store. */
@ActiveProfiles("it")
class H2SubscriptionDeliveryIT extends SubscriptionDeliveryContract {}
