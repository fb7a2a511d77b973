package health.rapport.fhir.server;

import ca.uhn.fhir.rest.param.ParameterUtil;
import ca.uhn.fhir.rest.server.exceptions.InvalidRequestException;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.rapport.fhir.search.SearchEngine;
import health.rapport.fhir.search.SearchMatches;
import health.rapport.fhir.search.SearchSpecParser;
import health.rapport.fhir.search.SearchValueExtractor;
import health.rapport.fhir.store.ResourceHead;
import health.rapport.fhir.store.ResourceStore;
import health.rapport.fhir.store.StoredVersion;
import health.rapport.fhir.validation.ResourceValidator;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.regex.Pattern;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.IdType;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * FHIR semantics over the resource store: ids and versions, optimistic locking ({@code If-Match}),
 * soft deletion, conditional create. Every write is validated first (422 on an error) and
 * extracts the search rows in the same transaction.
 */
@Service
public class ResourceService {

	private static final Pattern VALID_ID = Pattern.compile("[A-Za-z0-9\\-.]{1,64}");
	/** The expected version of {@code If-Match: *}: whichever is current, as long as one is (RFC 9110). */
	static final String ANY_VERSION = "*";

	private final ResourceStore store;
	private final ResourceCodec codec;
	private final SearchValueExtractor extractor;
	private final SearchSpecParser parser;
	private final SearchEngine engine;
	private final ResourceValidator validator;
	private final Clock clock;
	private final ApplicationEventPublisher events;
	private final ObjectProvider<WriteRules> rules;
	private volatile List<WriteRules> resolvedRules;

	public ResourceService(ResourceStore store, ResourceCodec codec, SearchValueExtractor extractor,
			SearchSpecParser parser, SearchEngine engine, ResourceValidator validator, Clock clock,
			ApplicationEventPublisher events, ObjectProvider<WriteRules> rules) {
		this.rules = rules;
		this.store = store;
		this.codec = codec;
		this.extractor = extractor;
		this.parser = parser;
		this.engine = engine;
		this.validator = validator;
		this.clock = clock;
		this.events = events;
	}

	/**
	 * A resource was written or deleted, published inside the write's transaction: a listener that
	 * writes (a Subscription delivery queued, a referral's Task) writes in it too, so a rolled-back
	 * write leaves nothing behind; one that acts outside the store listens after the commit.
	 */
	public record Changed(String type, String id, int version, boolean deleted) {}

	/**
	 * What a write did: the new versioned id, the resource as stored, whether it was created, and
	 * whether it changed anything (an update to what is stored already keeps the current version).
	 */
	public record Written(IdType id, IBaseResource resource, boolean created, boolean changed) {
		Written(IdType id, IBaseResource resource, boolean created) {
			this(id, resource, created, true);
		}
	}

	@Transactional
	public Written create(IBaseResource resource) {
		String type = codec.typeOf(resource);
		return insert(type, UUID.randomUUID().toString(), resource, true, false);
	}

	/** Creates with an id chosen by the server beforehand (a transaction's {@code urn:uuid} entries). */
	@Transactional
	public Written createWithId(IBaseResource resource, String id) {
		return insert(codec.typeOf(resource), id, resource, true, false);
	}

	/** The one resource matching a conditional URL, null when none does; 412 when several do. */
	public IdType findOne(String type, String conditionalUrl) {
		SearchMatches matches = engine.search(parser.parse(type, QueryString.parse(conditionalUrl), false));
		if (matches.size() > 1) {
			throw new PreconditionFailedException("\"" + conditionalUrl + "\" matched " + matches.size()
					+ " resources; a conditional request needs at most one");
		}
		return matches.size() == 0 ? null : versionedId(store.currentOf(matches.slice(0, 1)).get(0));
	}

	/** Whether any current resource of {@code type} matches the search {@code query}. */
	public boolean exists(String type, Map<String, String[]> query) {
		return engine.search(parser.parse(type, query, false)).size() > 0;
	}

	/**
	 * Holds, until the transaction ends, the conditional creates of these searches (type to the
	 * searches of that type) made by others: a transaction takes all its own first, before it searches.
	 */
	public void lockConditionalCreates(Map<String, ? extends Collection<String>> searchesByType) {
		List<String> searches = new ArrayList<>();
		searchesByType.forEach((type, conditions) -> conditions.forEach(condition -> searches.add(type + "?" + condition)));
		store.lockCreates(searches);
	}

	/** Creates unless a resource matches the search in {@code ifNoneExist}; 412 when several do. */
	@Transactional
	public Written createIfNoneExist(IBaseResource resource, String ifNoneExist) {
		return createIfNoneExist(resource, ifNoneExist, UUID.randomUUID().toString());
	}

	/** As {@link #createIfNoneExist(IBaseResource, String)}, creating with {@code id} (a transaction's, assigned beforehand). */
	@Transactional
	public Written createIfNoneExist(IBaseResource resource, String ifNoneExist, String id) {
		lockConditionalCreates(Map.of(codec.typeOf(resource), List.of(ifNoneExist)));
		IdType existing = findOne(codec.typeOf(resource), ifNoneExist);
		if (existing != null) {
			return new Written(existing, read(existing.getResourceType(), existing.getIdPart()), false);
		}
		return createWithId(resource, id);
	}

	/**
	 * Stores resources that carry their own ids (update-as-create), all in one transaction,
	 * without profile validation: for the server's own generated or packaged data only, whose
	 * validity the tests check (validating the demo directory would add a minute to start-up).
	 */
	@Transactional
	public void updateAllTrusted(List<? extends IBaseResource> resources) {
		for (IBaseResource resource : resources) {
			upsert(codec.typeOf(resource), resource.getIdElement().getIdPart(), resource, null, false);
		}
	}

	/** Updates, or creates with the client's id (update-as-create); 412 when If-Match disagrees. */
	@Transactional
	public Written update(String type, String id, IBaseResource resource, String expectedVersion) {
		return upsert(type, id, resource, expectedVersion, true);
	}

	private Written upsert(String type, String id, IBaseResource resource, String expectedVersion, boolean validate) {
		checkId(id);
		String bodyId = resource.getIdElement().getIdPart();
		if (bodyId != null && !bodyId.equals(id)) {
			throw new InvalidRequestException("Resource id \"" + bodyId + "\" does not match the URL id \"" + id + "\"");
		}
		Optional<ResourceHead> head = store.lockHead(type, id);
		if (head.isEmpty()) {
			if (expectedVersion != null) {
				throw new PreconditionFailedException("If-Match given, but " + type + "/" + id + " does not exist");
			}
			return insert(type, id, resource, validate, true);
		}
		ResourceHead current = head.get();
		checkVersion(type, id, current, expectedVersion);
		Written unchanged = current.deleted() ? null : unchanged(type, id, current, resource);
		if (unchanged != null) {
			return unchanged;
		}
		if (validate) {
			validator.check(resource);
			checkRules(type, current.deleted() ? null : () -> read(type, id), resource);
		}
		int version = current.version() + 1;
		long now = clock.millis();
		String json = codec.encode(resource, type, id, version, now);
		store.append(current.pk(), type, version, now, json, extractor.extract(resource));
		events.publishEvent(new Changed(type, id, version, false));
		return new Written(new IdType(type, id, Integer.toString(version)), resource, current.deleted());
	}

	@Transactional
	public IdType delete(String type, String id, String expectedVersion) {
		ResourceHead head = store.lockHead(type, id)
				.orElseThrow(() -> new ResourceNotFoundException(new IdType(type, id)));
		checkVersion(type, id, head, expectedVersion);
		if (head.deleted()) {
			// Deleting again changes nothing (without If-Match; If-Match: * has no current version to match).
			return new IdType(type, id, Integer.toString(head.version()));
		}
		int version = head.version() + 1;
		store.append(head.pk(), type, version, clock.millis(), null, List.of());
		events.publishEvent(new Changed(type, id, version, true));
		return new IdType(type, id, Integer.toString(version));
	}

	public IBaseResource read(String type, String id) {
		StoredVersion stored = store.current(type, id).orElseThrow(() -> new ResourceNotFoundException(new IdType(type, id)));
		if (stored.deleted()) {
			throw new ResourceGoneException(new IdType(type, id, Integer.toString(stored.version())));
		}
		return codec.decode(stored);
	}

	public IBaseResource vread(String type, String id, String version) {
		int number;
		try {
			number = Integer.parseInt(version);
		} catch (NumberFormatException e) {
			throw new ResourceNotFoundException(new IdType(type, id, version));
		}
		StoredVersion stored = store.version(type, id, number)
				.orElseThrow(() -> new ResourceNotFoundException(new IdType(type, id, version)));
		if (stored.deleted()) {
			throw new ResourceGoneException(new IdType(type, id, version));
		}
		return codec.decode(stored);
	}

	/** Stores a new resource's first version; {@code byPut} when an update creates it (update as create). */
	private Written insert(String type, String id, IBaseResource resource, boolean validate, boolean byPut) {
		if (validate) {
			validator.check(resource);
			checkRules(type, null, resource);
		}
		long now = clock.millis();
		String json = codec.encode(resource, type, id, 1, now);
		store.insert(type, id, now, json, extractor.extract(resource), byPut);
		events.publishEvent(new Changed(type, id, 1, false));
		return new Written(new IdType(type, id, "1"), resource, true);
	}

	/**
	 * An update that would store what is stored already (meta.versionId and meta.lastUpdated
	 * aside) keeps the current version, as HAPI's JPA server does: no new version in the history,
	 * no change to notify, nothing to validate again. A directory published again every night is
	 * mostly unchanged. Null when the update changes something.
	 */
	private Written unchanged(String type, String id, ResourceHead head, IBaseResource incoming) {
		StoredVersion stored = store.version(type, id, head.version()).orElse(null);
		if (stored == null || stored.json() == null
				|| !stored.json().equals(codec.encode(incoming, type, id, head.version(), stored.lastUpdated()))) {
			return null;
		}
		return new Written(new IdType(type, id, Integer.toString(head.version())), incoming, false, false);
	}

	/** Applies the features' rules for {@code type}; the previous version is read only when one governs it. */
	private void checkRules(String type, java.util.function.Supplier<IBaseResource> previous, IBaseResource incoming) {
		List<WriteRules> governing = rules().stream().filter(r -> r.governs(type)).toList();
		if (!governing.isEmpty()) {
			IBaseResource before = previous == null ? null : previous.get();
			governing.forEach(r -> r.check(type, before, incoming));
		}
	}

	/** The features' rules, looked up once (on the first write, when every feature's bean exists), not on every write. */
	List<WriteRules> rules() {
		List<WriteRules> known = resolvedRules;
		if (known == null) {
			known = rules.orderedStream().toList();
			resolvedRules = known;
		}
		return known;
	}

	/**
	 * The version an {@code If-Match} header (or a bundle entry's ifMatch) expects: {@link #ANY_VERSION}
	 * for {@code *}, else the entity tag's value; null without one.
	 */
	static String expectedVersion(String ifMatch) {
		if (ifMatch == null) {
			return null;
		}
		if (ifMatch.trim().equals("*")) {
			return ANY_VERSION;
		}
		String version = ParameterUtil.parseETagValue(ifMatch);
		// A quoted "*" is an entity tag like any other, which no version has: not the wildcard.
		return ANY_VERSION.equals(version) ? ifMatch.trim() : version;
	}

	private static void checkVersion(String type, String id, ResourceHead head, String expected) {
		if (ANY_VERSION.equals(expected)) {
			if (head.deleted()) {
				throw new PreconditionFailedException("If-Match: * given, but " + type + "/" + id + " is deleted");
			}
			return;
		}
		if (expected != null && !expected.equals(Integer.toString(head.version()))) {
			throw new PreconditionFailedException("Version conflict on " + type + "/" + id + ": If-Match W/\"" + expected
					+ "\" but the current version is " + head.version());
		}
	}

	static void checkId(String id) {
		if (id == null || !VALID_ID.matcher(id).matches()) {
			throw new InvalidRequestException("Invalid resource id \"" + id + "\": 1-64 letters, digits, '-' or '.'");
		}
	}

	private static IdType versionedId(StoredVersion v) {
		return new IdType(v.type(), v.id(), Integer.toString(v.version()));
	}
}
