package health.rapport.security;

import health.rapport.fhir.CleanDatabase;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/** The same authorization matrix on PostgreSQL (the compartment searches are SQL of their own there). */
@ActiveProfiles(profiles = {"postgres", "it", "it-postgres"}, inheritProfiles = false)
@Import(CleanDatabase.class)
class PostgresAuthorizationMatrixIT extends H2AuthorizationMatrixIT {}
