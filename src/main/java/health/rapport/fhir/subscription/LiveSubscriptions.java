package health.rapport.fhir.subscription;

import health.rapport.fhir.server.ResourceFinder;
import health.rapport.fhir.store.ResourceStore;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.Subscription;
import org.springframework.stereotype.Component;

/**
 * The live rest-hook Subscriptions (status requested or active) with their criteria parsed and
 * their owners, by the type their criteria search. Cached until a Subscription is written or
 * deleted, on any instance: the cache is kept while the store's stamp of the Subscription type is
 * unchanged.
 */
@Component
class LiveSubscriptions {

	/**
	 * A live Subscription.
	 *
	 * @param query its criteria's search parameters
	 * @param owner the client that created it; null when unknown (loaded as data)
	 */
	record Live(String id, String type, Map<String, String> query, String owner) {}

	private record Snapshot(String stamp, Map<String, List<Live>> byType) {}

	private final ResourceFinder finder;
	private final ResourceStore store;
	private final SubscriptionOwners owners;
	private volatile Snapshot snapshot = new Snapshot("", Map.of());

	LiveSubscriptions(ResourceFinder finder, ResourceStore store, SubscriptionOwners owners) {
		this.finder = finder;
		this.store = store;
		this.owners = owners;
	}

	/** Live Subscriptions whose criteria search {@code type}. */
	List<Live> of(String type) {
		String stamp = store.stamp("Subscription");
		Snapshot current = snapshot;
		if (!current.stamp().equals(stamp)) {
			current = new Snapshot(stamp, load());
			snapshot = current;
		}
		return current.byType().getOrDefault(type, List.of());
	}

	/** Forgets the cache (a Subscription changed in the current transaction). */
	void invalidate() {
		snapshot = new Snapshot("", Map.of());
	}

	private Map<String, List<Live>> load() {
		Map<String, String> owner = owners.all();
		return finder.find("Subscription", Map.of("type", "rest-hook", "status", "requested,active")).stream()
				.map(found -> live((Subscription) found, owner)).filter(live -> !live.type().isEmpty())
				.collect(Collectors.groupingBy(Live::type));
	}

	private static Live live(Subscription subscription, Map<String, String> owners) {
		String id = subscription.getIdElement().getIdPart();
		String criteria = subscription.getCriteria() == null ? "" : subscription.getCriteria();
		int question = criteria.indexOf('?');
		Map<String, String> query = new LinkedHashMap<>();
		if (question >= 0) {
			for (String pair : criteria.substring(question + 1).split("&")) {
				int equals = pair.indexOf('=');
				if (equals > 0) {
					query.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
				}
			}
		}
		return new Live(id, question < 0 ? criteria : criteria.substring(0, question), query, owners.get(id));
	}

	/** The resource if the Subscription's criteria find it, as a search with its {@code _id} added. */
	IBaseResource match(Live subscription, String id) {
		Map<String, String> query = new LinkedHashMap<>(subscription.query());
		query.put("_id", id);
		List<IBaseResource> found = finder.find(subscription.type(), query);
		return found.isEmpty() ? null : found.get(0);
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}
}
