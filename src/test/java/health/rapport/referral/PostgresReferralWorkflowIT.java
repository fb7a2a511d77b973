package health.rapport.referral;

import health.rapport.fhir.CleanDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

@ActiveProfiles({"postgres", "it", "it-postgres"})
@Import(CleanDatabase.class)
// Closed after the class: every PostgreSQL context empties the one test schema, and a cached
// context's index sync would otherwise go on draining the next context's outbox.
@DirtiesContext
class PostgresReferralWorkflowIT extends ReferralWorkflowContract {}
