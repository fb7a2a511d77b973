package health.rapport.fhir.subscription;

import ca.uhn.fhir.context.FhirContext;
import health.rapport.fhir.server.ResourceFinder;
import health.rapport.fhir.server.ResourceService.Changed;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Notifies rest-hook Subscriptions after each committed change of a directory resource that
 * matches their criteria ({@code VerificationResult?jurisdiction=urn:iso:std:iso:3166:-2|US-CA}):
 * the criteria run as a search with {@code _id} of the changed resource added, so they mean
 * exactly what they mean as a search. The endpoint receives the resource in the channel's payload
 * type, or an empty POST when no payload is asked for; channel headers are sent as given.
 * Delivery runs on its own threads with three attempts; a subscriber that is down holds up
 * nothing. PHI types are never notified. Subscriptions with status requested or active are live
 * (the stored Subscription is kept exactly as sent).
 */
@Component
class SubscriptionNotifier {

	private static final Logger log = LoggerFactory.getLogger(SubscriptionNotifier.class);
	private static final Set<String> NOTIFIABLE = Set.of("VerificationResult", "Practitioner", "PractitionerRole",
			"Organization", "Location", "HealthcareService", "Endpoint");
	private static final int ATTEMPTS = 3;

	private final ResourceFinder finder;
	private final FhirContext fhir;
	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
	private final ExecutorService deliveries = Executors.newFixedThreadPool(2, r -> {
		Thread thread = new Thread(r, "subscription-delivery");
		thread.setDaemon(true);
		return thread;
	});

	SubscriptionNotifier(ResourceFinder finder, FhirContext fhir) {
		this.finder = finder;
		this.fhir = fhir;
	}

	@TransactionalEventListener(fallbackExecution = true)
	void changed(Changed change) {
		if (NOTIFIABLE.contains(change.type()) && !change.deleted()) {
			deliveries.submit(() -> notifySubscribers(change));
		}
	}

	private void notifySubscribers(Changed change) {
		try {
			for (IBaseResource found : finder.find("Subscription", Map.of("type", "rest-hook", "status", "requested,active"))) {
				Subscription subscription = (Subscription) found;
				matching(subscription, change).ifPresent(resource -> deliver(subscription, resource));
			}
		} catch (RuntimeException e) {
			log.warn("Subscriptions for a {} change could not be evaluated: {}", change.type(), e.toString());
		}
	}

	private Optional<IBaseResource> matching(Subscription subscription, Changed change) {
		String criteria = subscription.getCriteria();
		int question = criteria == null ? -1 : criteria.indexOf('?');
		String type = criteria == null ? "" : question < 0 ? criteria : criteria.substring(0, question);
		if (!type.equals(change.type())) {
			return Optional.empty();
		}
		Map<String, String> query = new LinkedHashMap<>();
		if (question >= 0) {
			for (String pair : criteria.substring(question + 1).split("&")) {
				int equals = pair.indexOf('=');
				if (equals > 0) {
					query.put(decode(pair.substring(0, equals)), decode(pair.substring(equals + 1)));
				}
			}
		}
		query.put("_id", change.id());
		List<IBaseResource> found = finder.find(type, query);
		return found.stream().findFirst();
	}

	private void deliver(Subscription subscription, IBaseResource resource) {
		String endpoint = subscription.getChannel().getEndpoint();
		if (endpoint == null || !(endpoint.startsWith("https://") || endpoint.startsWith("http://"))) {
			return;
		}
		String payload = subscription.getChannel().getPayload();
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(10));
		if (payload == null || payload.isBlank()) {
			request.POST(HttpRequest.BodyPublishers.noBody());
		} else {
			String body = payload.contains("xml") ? fhir.newXmlParser().encodeResourceToString(resource)
					: fhir.newJsonParser().encodeResourceToString(resource);
			request.header("Content-Type", payload).POST(HttpRequest.BodyPublishers.ofString(body));
		}
		for (StringType header : subscription.getChannel().getHeader()) {
			int colon = header.getValue().indexOf(':');
			if (colon > 0) {
				request.header(header.getValue().substring(0, colon).strip(), header.getValue().substring(colon + 1).strip());
			}
		}
		for (int attempt = 1; attempt <= ATTEMPTS; attempt++) {
			try {
				int status = http.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
				if (status < 300) {
					return;
				}
				log.warn("Subscription {} endpoint answered {} (attempt {})", subscription.getIdElement().getIdPart(), status, attempt);
			} catch (Exception e) {
				log.warn("Subscription {} endpoint unreachable (attempt {}): {}", subscription.getIdElement().getIdPart(), attempt,
						e.getClass().getSimpleName());
			}
			sleep(500L << attempt);
		}
	}

	private static String decode(String text) {
		return URLDecoder.decode(text, StandardCharsets.UTF_8);
	}

	private static void sleep(long millis) {
		try {
			Thread.sleep(millis);
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
		}
	}
}
