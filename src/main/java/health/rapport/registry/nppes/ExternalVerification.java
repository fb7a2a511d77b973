package health.rapport.registry.nppes;

import health.rapport.registry.Register.Stored;
import health.rapport.registry.RegisterRow;
import health.rapport.registry.Registration;
import health.rapport.registry.RegistrationStatus;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * Re-verifies every US registration that carries a valid NPI against the NPPES-style register, on its
 * own schedule and thread: confirmed (the NPI is active and lists this licence in this state),
 * mismatch, deactivated, not-found, or unavailable. An outcome flags a registration for a
 * regulator's review; it never changes a status (the register of record is the regulator's).
 */
@Component
@EnableConfigurationProperties(NppesProperties.class)
public class ExternalVerification {

	public static final String SOURCE = "nppes";
	private static final Logger log = LoggerFactory.getLogger(ExternalVerification.class);
	private static final int PAGE = 500;

	/** The last check of one registration. */
	public record Check(String source, String outcome, String detail, long checkedAt) {}

	private final NppesProperties settings;
	private final NppesClient nppes;
	private final JdbcTemplate jdbc;
	/** Its own thread: a slow register must not hold up the scheduler that keeps matching in step. */
	private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor(r -> {
		Thread thread = new Thread(r, "external-register");
		thread.setDaemon(true);
		return thread;
	});

	ExternalVerification(NppesProperties settings, JdbcTemplate jdbc) {
		this.settings = settings;
		this.nppes = new NppesClient(settings);
		this.jdbc = jdbc;
	}

	@EventListener(ApplicationReadyEvent.class)
	public void schedule() {
		if (settings.enabled()) {
			long every = settings.interval().toMillis();
			scheduler.scheduleWithFixedDelay(this::runQuietly, every, every, TimeUnit.MILLISECONDS);
		}
	}

	private void runQuietly() {
		try {
			runOnce();
		} catch (RuntimeException e) {
			log.warn("Re-verification run failed: {}", e.toString());
		}
	}

	/** Checks every registration with an NPI once; returns how many were checked. Stops early while the circuit is open. */
	public synchronized int runOnce() {
		if (!settings.enabled()) {
			return 0;
		}
		int checked = 0;
		String afterKey = "";
		List<Stored> page;
		while (!(page = withNpi(afterKey)).isEmpty()) {
			for (Stored stored : page) {
				Registration r = stored.registration();
				if (!r.jurisdiction().startsWith("US-") || !RegisterRow.validNpi(r.npi())) {
					// NPPES knows US licences only; and an NPI without its check digit would only be noise to it.
					continue;
				}
				Check check = check(r);
				record(r, check);
				checked++;
				if (check.outcome().equals("unavailable") && nppes.circuit() == CircuitBreaker.State.OPEN) {
					log.warn("External register unavailable ({}); re-verification paused until the next run", check.detail());
					return checked;
				}
			}
			Registration last = page.get(page.size() - 1).registration();
			afterKey = last.jurisdiction() + "|" + last.number();
		}
		return checked;
	}

	Check check(Registration r) {
		long now = System.currentTimeMillis();
		try {
			Optional<NppesRecord> found = nppes.lookUp(r.npi());
			if (found.isEmpty()) {
				return new Check(SOURCE, "not-found", "NPI " + r.npi() + " is not in the register", now);
			}
			NppesRecord record = found.get();
			if (!record.active()) {
				return new Check(SOURCE, "deactivated", "NPI " + r.npi() + " is deactivated", now);
			}
			String state = r.jurisdiction().startsWith("US-") ? r.jurisdiction().substring(3) : r.jurisdiction();
			boolean listed = record.licences().stream()
					.anyMatch(l -> r.number().equalsIgnoreCase(l.number()) && state.equalsIgnoreCase(l.state()));
			return listed ? new Check(SOURCE, "confirmed", "NPI active, licence " + r.number() + " in " + state + " listed", now)
					: new Check(SOURCE, "mismatch", "NPI active but lists no licence " + r.number() + " in " + state, now);
		} catch (NppesClient.Unavailable e) {
			return new Check(SOURCE, "unavailable", e.getMessage(), now);
		}
	}

	public List<Check> checksOf(String jurisdiction, String number) {
		return jdbc.query("select source, outcome, detail, checked_at from registry_external_check where jurisdiction = ?"
				+ " and reg_number = ? order by source", (rs, i) -> new Check(rs.getString(1), rs.getString(2), rs.getString(3),
						rs.getLong(4)), jurisdiction, number);
	}

	private void record(Registration r, Check check) {
		jdbc.update("delete from registry_external_check where jurisdiction = ? and reg_number = ? and source = ?",
				r.jurisdiction(), r.number(), SOURCE);
		jdbc.update("insert into registry_external_check (jurisdiction, reg_number, source, outcome, detail, checked_at)"
				+ " values (?, ?, ?, ?, ?, ?)", r.jurisdiction(), r.number(), SOURCE, check.outcome(), check.detail(),
				check.checkedAt());
	}

	/** The next page of registrations with an NPI, in (jurisdiction, number) order after {@code afterKey}. */
	private List<Stored> withNpi(String afterKey) {
		String[] after = afterKey.isEmpty() ? new String[] {"", ""} : afterKey.split("\\|", 2);
		return jdbc.query("select jurisdiction, reg_number, family_name, given_name, profession, status, conditions,"
				+ " effective_date, npi from registry_registration where npi is not null and (jurisdiction > ? or"
				+ " (jurisdiction = ? and reg_number > ?)) order by jurisdiction, reg_number fetch first ? rows only",
				(rs, i) -> new Stored(new Registration(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
						rs.getString(5), RegistrationStatus.of(rs.getString(6)).orElseThrow(), rs.getString(7),
						rs.getString(8) == null ? null : LocalDate.parse(rs.getString(8)), rs.getString(9)), null, 0),
				after[0], after[0], after[1], PAGE);
	}
}
