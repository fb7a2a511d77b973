package health.rapport.fhir;

import org.springframework.boot.autoconfigure.flyway.FlywayMigrationStrategy;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

/** Empties the test schema before migrating, so each PostgreSQL test run starts from nothing. */
@TestConfiguration
public class CleanDatabase {

	@Bean
	FlywayMigrationStrategy cleanThenMigrate() {
		return flyway -> {
			flyway.clean();
			flyway.migrate();
		};
	}
}
