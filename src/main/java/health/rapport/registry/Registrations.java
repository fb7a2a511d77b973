package health.rapport.registry;

import health.rapport.registry.Register.Change;
import health.rapport.registry.Register.Stored;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BiConsumer;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/** Changes to single registrations, each kept in the history and announced once committed. */
@Service
public class Registrations {

	/** No registration with this number in this jurisdiction. */
	public static class NotFound extends RuntimeException {
		public NotFound(String jurisdiction, String number) {
			super("No registration " + number + " in " + jurisdiction);
		}
	}

	private final Register register;
	private final TransactionTemplate transactions;
	private final List<Runnable> listeners = new ArrayList<>();
	private final List<BiConsumer<String, String>> statusListeners = new ArrayList<>();

	public Registrations(Register register, TransactionTemplate transactions, RegisterImport imports) {
		this.register = register;
		this.transactions = transactions;
		imports.onChange(this::changed);
	}

	/** Called after every committed change (the FHIR publisher subscribes). */
	public void onChange(Runnable listener) {
		listeners.add(listener);
	}

	/** Called with (jurisdiction, number) after a single registration's status changed, before {@link #onChange}. */
	public void onStatusChange(BiConsumer<String, String> listener) {
		statusListeners.add(listener);
	}

	public Stored get(String jurisdiction, String number) {
		return register.get(jurisdiction, number).orElseThrow(() -> new NotFound(jurisdiction, number));
	}

	/**
	 * Sets the status; conditions are required for registered-with-conditions and kept only with
	 * a status that has them (a suspension's reason is in the history, not shown as conditions).
	 */
	public Stored changeStatus(String jurisdiction, String number, RegistrationStatus status, String reason,
			LocalDate effectiveDate, String conditions) {
		if (status == RegistrationStatus.REGISTERED_WITH_CONDITIONS && (conditions == null || conditions.isBlank())) {
			throw new IllegalArgumentException("conditions are required when the status is registered-with-conditions");
		}
		if (reason == null || reason.isBlank()) {
			throw new IllegalArgumentException("reason is required: it is kept in the registration's history");
		}
		Stored changed = transactions.execute(tx -> {
			Registration before = get(jurisdiction, number).registration();
			Registration after = new Registration(jurisdiction, number, before.familyName(), before.givenName(),
					before.profession(), status, status == RegistrationStatus.REGISTERED_WITH_CONDITIONS ? conditions.strip() : null,
					Optional.ofNullable(effectiveDate).orElse(LocalDate.now(ZoneOffset.UTC)), before.npi());
			long now = System.currentTimeMillis();
			register.update(List.of(after), now);
			register.record(List.of(new Change(0, jurisdiction, number, status, before.status(), after.conditions(),
					after.effectiveDate(), reason.strip(), "api", now)));
			return get(jurisdiction, number);
		});
		statusListeners.forEach(l -> l.accept(jurisdiction, number));
		changed();
		return changed;
	}

	private void changed() {
		listeners.forEach(Runnable::run);
	}
}
