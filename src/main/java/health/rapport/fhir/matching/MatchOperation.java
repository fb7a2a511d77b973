package health.rapport.fhir.matching;

import ca.uhn.fhir.rest.annotation.IdParam;
import ca.uhn.fhir.rest.annotation.Operation;
import ca.uhn.fhir.rest.annotation.OperationParam;
import ca.uhn.fhir.rest.api.server.RequestDetails;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import health.rapport.fhir.server.AccessGuard;
import health.rapport.fhir.server.ResourceFinder;
import health.rapport.fhir.server.ResourceService;
import health.rapport.fhir.validation.ResourceValidator;
import health.rapport.matching.MatchExplanation;
import health.rapport.matching.MatchRequest;
import health.rapport.matching.MatchResult;
import health.rapport.matching.ProviderIndex;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.BooleanType;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Bundle.SearchEntryMode;
import org.hl7.fhir.r4.model.CodeType;
import org.hl7.fhir.r4.model.DecimalType;
import org.hl7.fhir.r4.model.Extension;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.IntegerType;
import org.hl7.fhir.r4.model.Patient;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Resource;
import org.hl7.fhir.r4.model.ServiceRequest;
import org.hl7.fhir.r4.model.StringType;
import org.springframework.stereotype.Component;

/**
 * {@code ServiceRequest/$match} (OperationDefinition match): ranks the directory's roles for a
 * referral sent in the call or stored, answering a searchset of PractitionerRoles with their
 * score and explanation, and their Practitioner and Locations as includes. Nothing is stored.
 */
@Component
public class MatchOperation {

	static final String EXPLANATION = "https://rapport.health/fhir/StructureDefinition/match-explanation";
	static final int MAX_COUNT = 100;
	/** Extra candidates asked of the index, in case some were deleted since it last caught up. */
	private static final int STALE_SLACK = 5;

	private final ReferralReader reader;
	private final ProviderIndex index;
	private final ResourceService resources;
	private final ResourceValidator validator;
	private final ResourceFinder finder;
	private final AccessGuard access;

	public MatchOperation(ReferralReader reader, ProviderIndex index, ResourceService resources, ResourceValidator validator,
			ResourceFinder finder, AccessGuard access) {
		this.reader = reader;
		this.index = index;
		this.resources = resources;
		this.validator = validator;
		this.finder = finder;
		this.access = access;
	}

	@Operation(name = "$match", type = ServiceRequest.class, idempotent = false)
	public Bundle matchReferral(@OperationParam(name = "referral", min = 1, max = 1) ServiceRequest referral,
			@OperationParam(name = "count", max = 1) IntegerType count, @OperationParam(name = "explain", max = 1) BooleanType explain,
			RequestDetails request) {
		if (referral == null) {
			throw new InvalidRequestException("$match at type level needs the parameter \"referral\" (a ServiceRequest)");
		}
		int limit = limit(count);
		validator.check(referral);
		return match(referral, limit, explain, request, true);
	}

	@Operation(name = "$match", type = ServiceRequest.class, idempotent = true)
	public Bundle matchStored(@IdParam IdType id, @OperationParam(name = "count", max = 1) IntegerType count,
			@OperationParam(name = "explain", max = 1) BooleanType explain, RequestDetails request) {
		// Validated when it was written: the profile check is not repeated at every match.
		int limit = limit(count);
		ServiceRequest referral = (ServiceRequest) resources.read("ServiceRequest", id.getIdPart());
		// The caller may read this referral (checked before this runs), and so its subject.
		return match(referral, limit, explain, request, false);
	}

	/**
	 * The ids of the roles that best match a referral, best first: at most {@code limit}, only
	 * those the store still holds. What the referral workflow offers a referral to.
	 */
	public List<String> rankRoles(ServiceRequest referral, int limit) {
		MatchRequest wanted = reader.read(referral, patient(referral, false));
		List<MatchResult> matches = index.match(wanted, limit + STALE_SLACK);
		Set<String> current = currentRoles(matches).keySet();
		return matches.stream().map(m -> m.provider().roleId()).filter(current::contains).limit(limit).toList();
	}

	private static int limit(IntegerType count) {
		int limit = count == null || count.getValue() == null ? 10 : count.getValue();
		if (limit < 1 || limit > MAX_COUNT) {
			throw new InvalidRequestException("count must be between 1 and " + MAX_COUNT + ", not " + limit);
		}
		return limit;
	}

	private Bundle match(ServiceRequest referral, int limit, BooleanType explain, RequestDetails request, boolean asCaller) {
		MatchRequest wanted = reader.read(referral, patient(referral, asCaller));
		List<MatchResult> matches = index.match(wanted, limit + STALE_SLACK);
		return bundle(matches, limit, explain == null || explain.booleanValue(), request.getFhirServerBase());
	}

	/**
	 * The client: contained in the referral, or stored on this server. A Patient named by a referral
	 * the caller sent is read only if the caller may read it ({@code asCaller}); one it may not is,
	 * as one that does not exist, "cannot be resolved", so that neither its facts nor its existence leak.
	 */
	private Patient patient(ServiceRequest referral, boolean asCaller) {
		String subject = referral.getSubject().getReference();
		if (subject != null && subject.startsWith("#")) {
			return referral.getContained().stream().filter(r -> r instanceof Patient && subject.equals("#" + r.getIdElement().getIdPart()))
					.map(Patient.class::cast).findFirst()
					.orElseThrow(() -> ReferralReader.problem("ServiceRequest.subject", "Contained Patient " + subject + " not found"));
		}
		IdType id = new IdType(subject == null ? "" : subject);
		if (!"Patient".equals(id.getResourceType())) {
			throw ReferralReader.problem("ServiceRequest.subject", "The referral's subject must be a Patient, contained or on this server");
		}
		try {
			if (asCaller) {
				access.check(AccessGuard.Interaction.READ, "Patient", id.getIdPart(), null);
			}
			return (Patient) resources.read("Patient", id.getIdPart());
		} catch (RuntimeException e) {
			throw ReferralReader.problem("ServiceRequest.subject", "Patient " + subject + " cannot be resolved: contain it in the referral");
		}
	}

	/**
	 * The best {@code limit} matches the store still holds. The index follows the store a moment
	 * behind (longer while Elasticsearch is away), so a role deleted meanwhile is passed over; the
	 * index is asked for a few more than wanted to fill its place. The roles and then their
	 * includes are read a type at a time, one query each.
	 */
	private Bundle bundle(List<MatchResult> matches, int limit, boolean explain, String base) {
		Bundle bundle = new Bundle().setType(Bundle.BundleType.SEARCHSET);
		Map<String, IBaseResource> roles = currentRoles(matches);
		Set<String> included = new LinkedHashSet<>();
		for (MatchResult match : matches) {
			PractitionerRole role = (PractitionerRole) roles.get(match.provider().roleId());
			if (role == null) {
				continue;
			}
			if (bundle.getEntry().size() == limit) {
				break;
			}
			BundleEntryComponent entry = bundle.addEntry().setFullUrl(base + "/PractitionerRole/" + match.provider().roleId())
					.setResource(role);
			entry.getSearch().setMode(SearchEntryMode.MATCH).setScore(round(match.score()));
			if (explain) {
				match.explanations().forEach(e -> entry.getSearch().addExtension(explanation(e)));
			}
			included.add(role.getPractitioner().getReference());
			role.getLocation().stream().map(Reference::getReference).forEach(included::add);
		}
		bundle.setTotal(bundle.getEntry().size());
		// A reference to something not (or no longer) here is simply not included.
		Map<String, List<String>> idsByType = included.stream().filter(Objects::nonNull).map(IdType::new)
				.filter(id -> id.hasResourceType() && id.hasIdPart())
				.collect(Collectors.groupingBy(IdType::getResourceType, LinkedHashMap::new,
						Collectors.mapping(IdType::getIdPart, Collectors.toList())));
		idsByType.forEach((type, ids) -> finder.readAll(type, ids).forEach((id, resource) -> bundle.addEntry()
				.setFullUrl(base + "/" + type + "/" + id).setResource((Resource) resource).getSearch()
				.setMode(SearchEntryMode.INCLUDE)));
		return bundle;
	}

	private Map<String, IBaseResource> currentRoles(List<MatchResult> matches) {
		return finder.readAll("PractitionerRole", matches.stream().map(m -> m.provider().roleId()).toList());
	}

	private static Extension explanation(MatchExplanation e) {
		Extension ext = new Extension(EXPLANATION);
		ext.addExtension("criterion", new CodeType(e.criterion()));
		ext.addExtension("weight", new DecimalType(round(e.weight())));
		ext.addExtension("score", new DecimalType(round(e.score())));
		ext.addExtension("detail", new StringType(e.detail()));
		return ext;
	}

	private static BigDecimal round(double value) {
		return BigDecimal.valueOf(value).setScale(6, RoundingMode.HALF_EVEN).stripTrailingZeros();
	}
}
