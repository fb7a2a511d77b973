package health.rapport.fhir.store;

import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/** Hands out resource keys from blocks reserved in the database sequence, one round trip per block. */
@Component
class ResourceKeys {

	static final long BLOCK = 1000;

	private final JdbcTemplate jdbc;
	private String nextBlockSql;
	private long next;
	private long limit;

	ResourceKeys(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	synchronized long next() {
		if (next == limit) {
			long block = jdbc.queryForObject(nextBlockSql(), Long.class);
			next = block * BLOCK;
			limit = next + BLOCK;
		}
		return next++;
	}

	private String nextBlockSql() {
		if (nextBlockSql == null) {
			String product = jdbc.execute((ConnectionCallback<String>) c -> c.getMetaData().getDatabaseProductName());
			nextBlockSql = "PostgreSQL".equals(product) ? "select nextval('fhir_resource_key_block')"
					: "select next value for fhir_resource_key_block";
		}
		return nextBlockSql;
	}
}
