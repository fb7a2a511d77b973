package health.rapport.security;

import health.rapport.fhir.CleanDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.ActiveProfiles;

/** The same authorization matrix on PostgreSQL (the compartment searches are SQL of their own there). */
@ActiveProfiles(profiles = {"postgres", "it", "it-postgres"}, inheritProfiles = false)
@Import(CleanDatabase.class)
// Closed after the class: every PostgreSQL context empties the one test schema, and a cached
// context's index sync would otherwise go on draining the next context's outbox.
@DirtiesContext
class PostgresAuthorizationMatrixIT extends H2AuthorizationMatrixIT {}
