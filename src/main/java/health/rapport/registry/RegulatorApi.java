package health.rapport.registry;

import health.rapport.registry.ImportJobs.Job;
import health.rapport.registry.Register.Change;
import health.rapport.registry.Register.Stored;
import health.rapport.registry.RegisterFile.Format;
import health.rapport.registry.api.ImportsApi;
import health.rapport.registry.nppes.ExternalVerification;
import health.rapport.security.ApiAccess;
import health.rapport.registry.api.RegistrationsApi;
import health.rapport.registry.api.dto.ChangeDto;
import health.rapport.registry.api.dto.ChangeFeedDto;
import health.rapport.registry.api.dto.ExternalCheckDto;
import health.rapport.registry.api.dto.HistoryEntryDto;
import health.rapport.registry.api.dto.ImportJobDto;
import health.rapport.registry.api.dto.RegistrationDto;
import health.rapport.registry.api.dto.RegistrationPageDto;
import health.rapport.registry.api.dto.RegistrationStatusDto;
import health.rapport.registry.api.dto.RowErrorDto;
import health.rapport.registry.api.dto.StatusChangeDto;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/** The regulator API (api-spec/regulator-api.yaml): a regulator's register, its imports and its change feed. */
@RestController
class RegulatorApi implements RegistrationsApi, ImportsApi {

	private static final MediaType NDJSON = MediaType.parseMediaType("application/x-ndjson");

	private final Register register;
	private final Registrations registrations;
	private final RegisterImport imports;
	private final ImportJobs jobs;
	private final ExternalVerification external;
	private final ApiAccess access;

	RegulatorApi(Register register, Registrations registrations, RegisterImport imports, ImportJobs jobs,
			ExternalVerification external, ApiAccess access) {
		this.access = access;
		this.register = register;
		this.registrations = registrations;
		this.imports = imports;
		this.jobs = jobs;
		this.external = external;
	}

	@Override
	public ResponseEntity<ImportJobDto> startImport(String jurisdiction, Resource body, Boolean atomic) {
		access.requireRegister(jurisdiction, 'u');
		MediaType type = MediaType.parseMediaType(((ServletRequestAttributes) RequestContextHolder.currentRequestAttributes())
				.getRequest().getContentType());
		Format format = NDJSON.isCompatibleWith(type) ? Format.NDJSON : Format.CSV;
		try (InputStream in = body.getInputStream()) {
			Job job = imports.run(jurisdiction, in, format, Boolean.TRUE.equals(atomic));
			return ResponseEntity.created(URI.create("/api/v1/regulators/" + jurisdiction + "/imports/" + job.id()))
					.body(job(job));
		} catch (IOException e) {
			throw new IllegalArgumentException("The file could not be read: " + e.getMessage(), e);
		}
	}

	@Override
	public ResponseEntity<ImportJobDto> getImport(String jurisdiction, String jobId) {
		access.requireRegister(jurisdiction, 'r');
		return jobs.get(jurisdiction, jobId).map(j -> ResponseEntity.ok(job(j)))
				.orElseThrow(() -> new Registrations.NotFound(jurisdiction, "import " + jobId));
	}

	@Override
	public ResponseEntity<RegistrationDto> getRegistration(String jurisdiction, String number) {
		access.requireRegister(jurisdiction, 'r');
		return ResponseEntity.ok(withHistory(registrations.get(jurisdiction, number)));
	}

	@Override
	public ResponseEntity<RegistrationDto> changeStatus(String jurisdiction, String number, StatusChangeDto change) {
		access.requireRegister(jurisdiction, 'u');
		Stored changed = registrations.changeStatus(jurisdiction, number, status(change.getStatus()), change.getReason(),
				change.getEffectiveDate(), change.getConditions());
		return ResponseEntity.ok(withHistory(changed));
	}

	@Override
	public ResponseEntity<RegistrationPageDto> searchRegistrations(String jurisdiction, String name, String profession,
			RegistrationStatusDto status, Integer page, Integer size) {
		access.requireRegister(jurisdiction, 'r');
		RegistrationStatus wanted = status == null ? null : status(status);
		List<RegistrationDto> items = register.search(jurisdiction, name, profession, wanted, page * size, size).stream()
				.map(RegulatorApi::registration).toList();
		return ResponseEntity.ok(new RegistrationPageDto(items, page, size, register.count(jurisdiction, name, profession, wanted)));
	}

	@Override
	public ResponseEntity<ChangeFeedDto> listChanges(String jurisdiction, Long since, Integer limit) {
		access.requireRegister(jurisdiction, 'r');
		List<Change> changes = register.changesSince(jurisdiction, since, limit);
		long next = changes.isEmpty() ? since : changes.get(changes.size() - 1).seq();
		return ResponseEntity.ok(new ChangeFeedDto(changes.stream().map(RegulatorApi::change).toList(), next));
	}

	private RegistrationDto withHistory(Stored stored) {
		Registration r = stored.registration();
		return registration(stored).history(register.history(r.jurisdiction(), r.number()).stream().map(c -> new HistoryEntryDto(
				dto(c.status()), time(c.changedAt()), c.source()).previousStatus(c.previous() == null ? null : dto(c.previous()))
				.reason(c.reason()).conditions(c.conditions()).effectiveDate(c.effectiveDate())).toList())
				.externalChecks(external.checksOf(r.jurisdiction(), r.number()).stream().map(c -> new ExternalCheckDto(c.source(),
						ExternalCheckDto.OutcomeEnum.fromValue(c.outcome()), time(c.checkedAt())).detail(c.detail())).toList());
	}

	static RegistrationDto registration(Stored stored) {
		Registration r = stored.registration();
		return new RegistrationDto(r.jurisdiction(), r.number(), r.familyName(), r.profession(), dto(r.status()),
				time(stored.lastVerified())).givenName(r.givenName()).conditions(r.conditions()).effectiveDate(r.effectiveDate())
				.npi(r.npi()).practitioner(stored.practitioner() == null ? null : "Practitioner/" + stored.practitioner());
	}

	private static ChangeDto change(Change c) {
		return new ChangeDto(c.seq(), c.number(), dto(c.status()), time(c.changedAt()))
				.previousStatus(c.previous() == null ? null : dto(c.previous())).effectiveDate(c.effectiveDate());
	}

	private ImportJobDto job(Job j) {
		return new ImportJobDto(j.id(), j.jurisdiction(), ImportJobDto.FormatEnum.fromValue(j.format().name().toLowerCase()),
				j.atomic(), ImportJobDto.StateEnum.fromValue(j.state()), j.rowsRead(), j.rowsApplied(), j.rowsFailed())
				.rowsUnchanged(j.rowsUnchanged()).startedAt(time(j.startedAt()))
				.finishedAt(j.finishedAt() == null ? null : time(j.finishedAt()))
				.errors(jobs.errors(j.id()).stream().map(e -> new RowErrorDto(e.line(), e.message())).toList());
	}

	static RegistrationStatusDto dto(RegistrationStatus status) {
		return RegistrationStatusDto.fromValue(status.code());
	}

	private static RegistrationStatus status(RegistrationStatusDto dto) {
		return RegistrationStatus.of(dto.getValue()).orElseThrow();
	}

	static OffsetDateTime time(long millis) {
		return OffsetDateTime.ofInstant(Instant.ofEpochMilli(millis), ZoneOffset.UTC);
	}
}
