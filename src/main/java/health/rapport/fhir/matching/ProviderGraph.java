package health.rapport.fhir.matching;

import health.rapport.fhir.server.ResourceCodec;
import health.rapport.fhir.server.ResourceFinder;
import health.rapport.fhir.store.Outbox.Change;
import health.rapport.fhir.store.ResourceStore;
import health.rapport.fhir.store.StoredVersion;
import health.rapport.matching.ProviderProfile;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.PractitionerRole;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.VerificationResult;
import org.springframework.stereotype.Component;

/**
 * Reads what a provider profile is made of from the store: a role, its practitioner, its
 * locations and the practitioner's VerificationResults; and which roles a change affects.
 */
@Component
public class ProviderGraph {

	private static final int PAGE = 1000;

	private final ResourceStore store;
	private final ResourceCodec codec;
	private final ResourceFinder finder;
	private final ProviderProjection projection;

	public ProviderGraph(ResourceStore store, ResourceCodec codec, ResourceFinder finder, ProviderProjection projection) {
		this.store = store;
		this.codec = codec;
		this.finder = finder;
		this.projection = projection;
	}

	/** The profile of a role; empty when the role is gone. */
	public Optional<ProviderProfile> profile(String roleId) {
		return read("PractitionerRole", roleId).map(r -> profile((PractitionerRole) r));
	}

	public ProviderProfile profile(PractitionerRole role) {
		String practitionerId = practitionerId(role);
		Practitioner practitioner = practitionerId == null ? null
				: (Practitioner) read("Practitioner", practitionerId).orElse(null);
		List<Location> locations = new ArrayList<>();
		for (Reference ref : role.getLocation()) {
			read("Location", ref.getReferenceElement().getIdPart()).ifPresent(l -> locations.add((Location) l));
		}
		List<VerificationResult> checks = practitionerId == null ? List.of()
				: search("VerificationResult", "target", "Practitioner/" + practitionerId).stream()
						.map(VerificationResult.class::cast).toList();
		return projection.project(role, practitioner, locations, checks);
	}

	/** The roles whose profile a change may alter. */
	public Set<String> affectedRoles(Change change) {
		Set<String> roles = new LinkedHashSet<>();
		switch (change.type()) {
			case "PractitionerRole" -> roles.add(change.id());
			case "Practitioner" -> roleIds("practitioner", "Practitioner/" + change.id(), roles);
			case "Location" -> roleIds("location", "Location/" + change.id(), roles);
			case "VerificationResult" -> {
				// A deleted check still names its target in the version before the deletion.
				Optional<StoredVersion> last = store.current("VerificationResult", change.id()).filter(v -> !v.deleted())
						.or(() -> store.current("VerificationResult", change.id())
								.flatMap(v -> store.version("VerificationResult", change.id(), v.version() - 1)));
				last.map(codec::decode).map(VerificationResult.class::cast).ifPresent(vr -> vr.getTarget().forEach(
						t -> roleIds("practitioner", "Practitioner/" + t.getReferenceElement().getIdPart(), roles)));
			}
			default -> {
				// other types do not enter a profile
			}
		}
		return roles;
	}

	/** How many current PractitionerRoles the store holds. */
	public long roleCount() {
		return store.countCurrent("PractitionerRole");
	}

	/**
	 * The profile of every current PractitionerRole, read from the store a page at a time in key
	 * order, each page's practitioners, locations and checks in one query per type: the same
	 * profiles as {@link #profile(String)}, which asks three or four queries per role.
	 */
	public Iterable<ProviderProfile> allProfiles() {
		return () -> new Iterator<>() {
			private long lastPk;
			private Iterator<ProviderProfile> page = Collections.emptyIterator();
			private boolean exhausted;

			@Override
			public boolean hasNext() {
				while (!page.hasNext() && !exhausted) {
					List<Long> keys = store.currentKeysAfter("PractitionerRole", lastPk, PAGE);
					exhausted = keys.isEmpty();
					if (!exhausted) {
						lastPk = keys.get(keys.size() - 1);
						page = profiles(store.currentOf(keys).stream().map(v -> (PractitionerRole) codec.decode(v)).toList())
								.iterator();
					}
				}
				return page.hasNext();
			}

			@Override
			public ProviderProfile next() {
				if (!hasNext()) {
					throw new NoSuchElementException();
				}
				return page.next();
			}
		};
	}

	private List<ProviderProfile> profiles(List<PractitionerRole> roles) {
		List<String> practitionerIds = roles.stream().map(ProviderGraph::practitionerId).filter(Objects::nonNull).toList();
		Map<String, IBaseResource> practitioners = finder.readAll("Practitioner", practitionerIds);
		Map<String, IBaseResource> locations = finder.readAll("Location", roles.stream()
				.flatMap(r -> r.getLocation().stream()).map(ref -> ref.getReferenceElement().getIdPart()).toList());
		Map<String, List<VerificationResult>> checks = new HashMap<>();
		if (!practitionerIds.isEmpty()) {
			// In the search's order, as profile(role) sees them.
			for (IBaseResource found : search("VerificationResult", "target", practitionerIds.stream().distinct()
					.map(id -> "Practitioner/" + id).collect(Collectors.joining(",")))) {
				VerificationResult check = (VerificationResult) found;
				check.getTarget().stream().map(t -> t.getReferenceElement()).filter(t -> "Practitioner".equals(t.getResourceType()))
						.map(t -> t.getIdPart()).distinct()
						.forEach(id -> checks.computeIfAbsent(id, k -> new ArrayList<>()).add(check));
			}
		}
		return roles.stream().map(role -> {
			String practitionerId = practitionerId(role);
			List<Location> sites = role.getLocation().stream().map(ref -> (Location) locations.get(ref.getReferenceElement().getIdPart()))
					.filter(Objects::nonNull).toList();
			return projection.project(role, practitionerId == null ? null : (Practitioner) practitioners.get(practitionerId), sites,
					practitionerId == null ? List.of() : checks.getOrDefault(practitionerId, List.of()));
		}).toList();
	}

	private static String practitionerId(PractitionerRole role) {
		return role.getPractitioner().getReferenceElement().getIdPart();
	}

	private void roleIds(String param, String reference, Set<String> into) {
		search("PractitionerRole", param, reference).forEach(r -> into.add(r.getIdElement().getIdPart()));
	}

	private List<IBaseResource> search(String type, String param, String value) {
		return finder.find(type, Map.of(param, value));
	}

	private Optional<IBaseResource> read(String type, String id) {
		return store.current(type, id).filter(v -> !v.deleted()).map(codec::decode);
	}
}
