package health.rapport.fhir.subscription;

import health.rapport.fhir.CleanDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** The same deliveries on PostgreSQL, where two workers claim from one queue under row locks. */
@ActiveProfiles(profiles = {"postgres", "it", "it-postgres"}, inheritProfiles = false)
@Import(CleanDatabase.class)
// Closed after the class: every PostgreSQL context empties the one test schema.
@DirtiesContext
class PostgresSubscriptionDeliveryIT extends SubscriptionDeliveryContract {}
