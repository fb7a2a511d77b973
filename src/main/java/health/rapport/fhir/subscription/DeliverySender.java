package health.rapport.fhir.subscription;

import ca.uhn.fhir.context.FhirContext;
import ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException;
import health.rapport.fhir.server.ResourceService;
import health.rapport.security.SubscriberCompartments;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Set;
import org.hl7.fhir.instance.model.api.IBaseResource;
import org.hl7.fhir.r4.model.StringType;
import org.hl7.fhir.r4.model.Subscription;
import org.springframework.stereotype.Component;

/**
 * One attempt at a delivery: POSTs the resource at the queued version (JSON or XML as the
 * channel's payload asks, what the owner may read of it) or, when no payload is asked for, an
 * empty body; always with {@code X-Rapport-Event-Id}, {@code X-Rapport-Resource} and the
 * channel's headers. The Subscription is read as it is now, so a changed endpoint or header is
 * used from the next attempt on. Outcomes name an HTTP status or an exception class, never a body.
 */
@Component
class DeliverySender {

	enum Result {
		/** 2xx. */
		DELIVERED,
		/** Worth another attempt: an HTTP error or an unreachable endpoint. */
		FAILED,
		/** Never deliverable: the Subscription is gone or off, or the resource left the owner's compartment. */
		UNDELIVERABLE
	}

	record Outcome(Result result, String description) {}

	private static final Set<String> LIVE = Set.of("requested", "active");

	private final ResourceService resources;
	private final SubscriptionOwners owners;
	private final SubscriberCompartments compartments;
	private final FhirContext fhir;
	private final SubscriptionProperties properties;
	private final HttpClient http;

	DeliverySender(ResourceService resources, SubscriptionOwners owners, SubscriberCompartments compartments, FhirContext fhir,
			SubscriptionProperties properties) {
		this.resources = resources;
		this.owners = owners;
		this.compartments = compartments;
		this.fhir = fhir;
		this.properties = properties;
		this.http = HttpClient.newBuilder().connectTimeout(properties.connectTimeout()).version(HttpClient.Version.HTTP_1_1)
				.followRedirects(HttpClient.Redirect.NEVER).build();
	}

	Outcome send(Delivery delivery) {
		Subscription subscription;
		IBaseResource resource;
		try {
			subscription = (Subscription) resources.read("Subscription", delivery.subscriptionId());
			resource = resources.vread(delivery.type(), delivery.id(), Integer.toString(delivery.version()));
		} catch (BaseServerResponseException e) {
			return new Outcome(Result.UNDELIVERABLE, "gone: " + e.getClass().getSimpleName());
		}
		String endpoint = subscription.getChannel().getEndpoint();
		if (!live(subscription) || endpoint == null || !(endpoint.startsWith("https://") || endpoint.startsWith("http://"))) {
			return new Outcome(Result.UNDELIVERABLE, "subscription not live");
		}
		String owner = owners.owner(delivery.subscriptionId()).orElse(null);
		if (!compartments.sees(owner, resource)) {
			return new Outcome(Result.UNDELIVERABLE, "outside the owner's compartment");
		}
		return post(request(subscription, delivery, compartments.present(owner, resource), endpoint));
	}

	private HttpRequest request(Subscription subscription, Delivery delivery, IBaseResource resource, String endpoint) {
		HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(properties.requestTimeout())
				.header("X-Rapport-Event-Id", delivery.eventId()).header("X-Rapport-Resource", delivery.resource());
		String payload = subscription.getChannel().getPayload();
		if (payload == null || payload.isBlank()) {
			request.POST(HttpRequest.BodyPublishers.noBody());
		} else {
			String body = payload.contains("xml") ? fhir.newXmlParser().encodeResourceToString(resource)
					: fhir.newJsonParser().encodeResourceToString(resource);
			request.header("Content-Type", payload).POST(HttpRequest.BodyPublishers.ofString(body));
		}
		for (StringType header : subscription.getChannel().getHeader()) {
			addHeader(request, header.getValue());
		}
		return request.build();
	}

	/** A channel header ({@code Name: value}); one the HTTP client refuses, or one naming ours, is left out. */
	private static void addHeader(HttpRequest.Builder request, String header) {
		int colon = header == null ? -1 : header.indexOf(':');
		if (colon <= 0) {
			return;
		}
		String name = header.substring(0, colon).strip();
		if (name.toLowerCase(Locale.ROOT).startsWith("x-rapport-")) {
			return;
		}
		try {
			request.header(name, header.substring(colon + 1).strip());
		} catch (IllegalArgumentException e) {
			// a restricted or malformed header: not sent
		}
	}

	private Outcome post(HttpRequest request) {
		try {
			int status = http.send(request, HttpResponse.BodyHandlers.discarding()).statusCode();
			return new Outcome(status >= 200 && status < 300 ? Result.DELIVERED : Result.FAILED, "HTTP " + status);
		} catch (IOException e) {
			return new Outcome(Result.FAILED, e.getClass().getSimpleName());
		} catch (InterruptedException e) {
			Thread.currentThread().interrupt();
			return new Outcome(Result.FAILED, e.getClass().getSimpleName());
		}
	}

	private static boolean live(Subscription subscription) {
		return subscription.getStatus() != null && LIVE.contains(subscription.getStatus().toCode())
				&& subscription.getChannel().getType() == Subscription.SubscriptionChannelType.RESTHOOK;
	}
}
