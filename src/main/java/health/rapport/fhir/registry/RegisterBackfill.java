package health.rapport.fhir.registry;

import static health.rapport.directory.DirectoryVocabulary.*;

import health.rapport.fhir.server.ResourceCodec;
import health.rapport.fhir.store.ResourceStore;
import health.rapport.registry.Register;
import health.rapport.registry.Register.Change;
import health.rapport.registry.Register.Stored;
import health.rapport.registry.Registration;
import health.rapport.registry.RegistrationStatus;
import java.time.LocalDate;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.hl7.fhir.r4.model.DateType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.Identifier;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.VerificationResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * When the register is empty at start and the directory already holds regulators'
 * VerificationResults (the demo directory, or one loaded over FHIR before), the register takes
 * them in: so a registration the directory shows can be checked and changed through the
 * regulator API. They enter the history as learnt from the directory and are not published back.
 */
@Component
class RegisterBackfill {

	private static final Logger log = LoggerFactory.getLogger(RegisterBackfill.class);
	private static final int PAGE = 1000;

	private final Register register;
	private final ResourceStore store;
	private final ResourceCodec codec;
	private final TransactionTemplate transactions;

	RegisterBackfill(Register register, ResourceStore store, ResourceCodec codec, TransactionTemplate transactions) {
		this.register = register;
		this.store = store;
		this.codec = codec;
		this.transactions = transactions;
	}

	@EventListener(ApplicationReadyEvent.class)
	@Order(0)
	public void backfill() {
		if (register.size() > 0) {
			return;
		}
		long after = 0;
		long taken = 0;
		List<Long> keys;
		while (!(keys = store.currentKeysAfter("VerificationResult", after, PAGE)).isEmpty()) {
			after = keys.get(keys.size() - 1);
			Map<List<String>, Stored> page = new LinkedHashMap<>();
			for (var version : store.currentOf(keys)) {
				registration((VerificationResult) codec.decode(version))
						.ifPresent(s -> page.put(List.of(s.registration().jurisdiction(), s.registration().number()), s));
			}
			taken += page.size();
			transactions.executeWithoutResult(tx -> take(List.copyOf(page.values())));
		}
		if (taken > 0) {
			log.info("Register filled from the directory's VerificationResults: {} registrations", taken);
		}
	}

	private void take(List<Stored> registrations) {
		long now = System.currentTimeMillis();
		List<Registration> plain = registrations.stream().map(Stored::registration).toList();
		register.insert(plain, now);
		register.link(registrations);
		register.record(plain.stream().map(r -> new Change(0, r.jurisdiction(), r.number(), r.status(), null, r.conditions(),
				r.effectiveDate(), "learnt from the directory", "directory", now)).toList());
		// Already on the FHIR side: the publisher starts after them.
		register.moveCursor("fhir", register.lastChange());
	}

	private Optional<Stored> registration(VerificationResult vr) {
		String jurisdiction = RegistrationResources.code(vr.getExtensionByUrl(EXT_JURISDICTION));
		String status = RegistrationResources.code(vr.getExtensionByUrl(EXT_REGISTRATION_STATUS));
		Extension number = vr.getExtensionByUrl(EXT_REGISTRATION_NUMBER);
		String practitionerId = vr.getTargetFirstRep().getReferenceElement().getIdPart();
		if (jurisdiction == null || status == null || number == null || practitionerId == null
				|| RegistrationStatus.of(status).isEmpty()) {
			return Optional.empty();
		}
		Practitioner practitioner;
		try {
			var stored = store.current("Practitioner", practitionerId);
			if (stored.isEmpty() || stored.get().deleted()) {
				return Optional.empty();
			}
			practitioner = (Practitioner) codec.decode(stored.get());
		} catch (RuntimeException unreadable) {
			return Optional.empty();
		}
		String value = ((StringType) number.getValue()).getValue();
		String profession = practitioner.getQualification().stream()
				.filter(q -> q.getIdentifier().stream().map(Identifier::getValue).anyMatch(value::equals)).findFirst()
				.or(() -> practitioner.getQualification().stream().findFirst())
				.map(q -> q.getCode().getCodingFirstRep().getCode()).orElse(null);
		if (profession == null || practitioner.getNameFirstRep().getFamily() == null) {
			return Optional.empty();
		}
		Extension conditions = vr.getExtensionByUrl(EXT_CONDITIONS);
		Extension effective = vr.getExtensionByUrl(EXT_EFFECTIVE_DATE);
		String npi = practitioner.getIdentifier().stream().filter(i -> NPI.equals(i.getSystem())).map(Identifier::getValue)
				.findFirst().orElse(null);
		Registration registration = new Registration(jurisdiction, value, practitioner.getNameFirstRep().getFamily(),
				practitioner.getNameFirstRep().getGivenAsSingleString(), profession, RegistrationStatus.of(status).get(),
				conditions == null ? null : ((StringType) conditions.getValue()).getValue(),
				effective == null ? null : LocalDate.parse(((DateType) effective.getValue()).getValueAsString()), npi);
		return Optional.of(new Stored(registration, practitionerId, 0));
	}
}
