package health.rapport.fhir.subscription;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import health.rapport.fhir.FhirIT;
import health.rapport.security.ClientKind;
import java.io.File;
import java.io.FileInputStream;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.hl7.fhir.r4.model.Reference;
import org.hl7.fhir.r4.model.Subscription;
import org.hl7.fhir.r4.model.Task;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * Rest-hook deliveries through the durable queue, with WireMock as the subscribers' endpoints
 * (EHR notification endpoints cannot run here): a Task change reaches the EHR that requested it
 * and no other, with a stable event id across retries; timeouts and errors are retried with
 * backoff and end in the dead letter; a slow endpoint holds up only its own subscription; each
 * endpoint sees its changes in order; a queued delivery survives its worker; an id-only
 * Subscription gets an empty body. Run on H2 and on PostgreSQL.
 */
@TestPropertySource(properties = {
		"rapport.fhir.resource-types=Practitioner,PractitionerRole,Organization,Location,HealthcareService,Endpoint,"
				+ "VerificationResult,Subscription,StructureDefinition,CodeSystem,ValueSet,SearchParameter,OperationDefinition,"
				+ "Patient,ServiceRequest,Task",
		"rapport.subscriptions.poll-interval=50ms", "rapport.subscriptions.backoff-base=200ms",
		"rapport.subscriptions.backoff-cap=400ms", "rapport.subscriptions.max-attempts=3",
		"rapport.subscriptions.connect-timeout=1s", "rapport.subscriptions.request-timeout=2s",
		"rapport.subscriptions.lease=5s"})
abstract class SubscriptionDeliveryContract extends FhirIT {

	private static final String EHR_SCOPES = "system/Patient.cruds system/ServiceRequest.cruds system/Task.cruds"
			+ " system/Subscription.c system/*.rs";
	private static final Duration WAIT = Duration.ofSeconds(15);

	/** Stands in for the subscribers' endpoints. */
	static final WireMockServer ENDPOINTS = new WireMockServer(options().dynamicPort().containerThreads(40));

	@Autowired
	JdbcTemplate jdbc;
	@Autowired
	DeliveryWorker worker;
	@Autowired
	DeliveryQueue queue;
	@Autowired
	DeliverySender sender;
	@Autowired
	SubscriptionProperties properties;
	@Autowired
	Clock clock;

	@DynamicPropertySource
	static void endpoints(DynamicPropertyRegistry registry) {
		if (!ENDPOINTS.isRunning()) {
			ENDPOINTS.start();
		}
	}

	@AfterEach
	void workerRuns() {
		worker.start();
	}

	@Test
	void aTaskChangeReachesTheRequestingEhrsEndpointWithItsEventId() throws Exception {
		String path = ok("/ehr-a");
		String subscription = subscribe("a", "Task", path, "application/fhir+json", "Authorization: Bearer subscriber-secret");

		Task task = storeTask("t1", "a", "role-1");

		LoggedRequest request = received(path, 1).get(0);
		assertThat(request.getHeader("X-Rapport-Event-Id")).matches("[0-9a-f-]{36}")
				.isEqualTo(row(subscription).get("event_id"));
		assertThat(request.getHeader("X-Rapport-Resource")).isEqualTo("Task/" + task.getIdPart() + "/_history/1");
		assertThat(request.getHeader("Authorization")).isEqualTo("Bearer subscriber-secret");
		assertThat(request.getHeader("Content-Type")).startsWith("application/fhir+json");
		Task sent = CLIENT_CONTEXT.newJsonParser().parseResource(Task.class, request.getBodyAsString());
		assertThat(sent.getIdPart()).isEqualTo(task.getIdPart());
		assertThat(sent.getRequester().getReference()).isEqualTo(organization("a"));
		await(WAIT, () -> "delivered".equals(row(subscription).get("status")));
		assertThat(row(subscription)).containsEntry("last_outcome", "HTTP 200");
	}

	@Test
	void anotherEhrsOrAnAdminsSubscriptionIsNotSentTheTask() throws Exception {
		String pathA = ok("/ehr-a");
		String pathB = ok("/ehr-b");
		String pathAdmin = ok("/admin");
		String pathUnowned = ok("/unowned");
		subscribe("a", "Task", pathA, "application/fhir+json");
		String b = subscribe("b", "Task", pathB, "application/fhir+json");
		String admin = subscribe("admin", "Task", pathAdmin, "application/fhir+json");
		String unowned = subscribe("a", "Task", pathUnowned, "application/fhir+json");
		jdbc.update("delete from subscription_owner where subscription_id = ?", unowned);

		storeTask("t1", "a", "role-1");

		received(pathA, 1);
		assertThat(deliveries(b) + deliveries(admin) + deliveries(unowned)).as("nothing queued outside the compartment")
				.isZero();
		assertThat(ENDPOINTS.findAll(postRequestedFor(urlEqualTo(pathB)))).isEmpty();
		assertThat(ENDPOINTS.findAll(postRequestedFor(urlEqualTo(pathAdmin)))).isEmpty();
		assertThat(ENDPOINTS.findAll(postRequestedFor(urlEqualTo(pathUnowned)))).isEmpty();
	}

	@Test
	void aPracticeSubscriberIsSentTheMinimumNecessaryOfAnOfferedTask() throws Exception {
		String path = ok("/practice");
		String subscription = subscribe("a", "Task", path, "application/fhir+json");
		String practice = "practice-" + run;
		tokenFor(practice, ClientKind.PRACTICE, List.of("role-own-" + run), "system/Task.rus system/*.rs");
		jdbc.update("update subscription_owner set client_id = ? where subscription_id = ?", practice, subscription);

		storeTask("other", "a", "role-other-" + run);
		storeTask("offered", "a", "role-own-" + run);

		LoggedRequest request = received(path, 1).get(0);
		Task sent = CLIENT_CONTEXT.newJsonParser().parseResource(Task.class, request.getBodyAsString());
		assertThat(sent.getIdPart()).isEqualTo("task-offered-" + run);
		assertThat(sent.hasText()).as("no narrative before the practice takes the referral on").isFalse();
		assertThat(sent.getFor().getDisplay()).isNull();
		assertThat(deliveries(subscription)).as("the other role's Task was not queued").isEqualTo(1);
	}

	@Test
	void aFailedDeliveryIsRetriedWithTheSameEventId() throws Exception {
		String path = "/retry-" + run;
		ENDPOINTS.stubFor(post(path).inScenario(path).whenScenarioStateIs(Scenario.STARTED)
				.willReturn(aResponse().withStatus(500).withBody("patient details the log must not see")).willSetStateTo("up"));
		ENDPOINTS.stubFor(post(path).inScenario(path).whenScenarioStateIs("up").willReturn(aResponse().withStatus(200)));
		String subscription = subscribe("a", "Task", path, "application/fhir+json");

		storeTask("t1", "a", "role-1");

		List<LoggedRequest> requests = received(path, 2);
		assertThat(requests.get(1).getHeader("X-Rapport-Event-Id")).isEqualTo(requests.get(0).getHeader("X-Rapport-Event-Id"));
		assertThat(requests.get(1).getBodyAsString()).isEqualTo(requests.get(0).getBodyAsString());
		await(WAIT, () -> "delivered".equals(row(subscription).get("status")));
		assertThat(row(subscription)).containsEntry("attempts", 2).containsEntry("last_outcome", "HTTP 200");
	}

	@Test
	void aTimedOutDeliveryIsRetried() throws Exception {
		String path = "/slow-once-" + run;
		ENDPOINTS.stubFor(post(path).inScenario(path).whenScenarioStateIs(Scenario.STARTED)
				.willReturn(aResponse().withStatus(200).withFixedDelay(3000)).willSetStateTo("fast"));
		ENDPOINTS.stubFor(post(path).inScenario(path).whenScenarioStateIs("fast").willReturn(aResponse().withStatus(200)));
		String subscription = subscribe("a", "Task", path, "application/fhir+json");

		storeTask("t1", "a", "role-1");

		await(WAIT, () -> "delivered".equals(row(subscription).get("status")), () -> row(subscription).toString());
		assertThat(row(subscription)).containsEntry("attempts", 2);
		List<LoggedRequest> requests = received(path, 2);
		assertThat(requests.get(1).getHeader("X-Rapport-Event-Id")).isEqualTo(requests.get(0).getHeader("X-Rapport-Event-Id"));
	}

	@Test
	void aDeliveryIsDeadAfterTheLastAttempt() throws Exception {
		String path = "/down-" + run;
		ENDPOINTS.stubFor(post(path).willReturn(aResponse().withStatus(503)));
		String subscription = subscribe("a", "Task", path, "application/fhir+json");

		storeTask("t1", "a", "role-1");

		await(WAIT, () -> "dead".equals(row(subscription).get("status")), () -> row(subscription).toString());
		assertThat(row(subscription)).containsEntry("attempts", 3).containsEntry("last_outcome", "HTTP 503");
		Thread.sleep(600);
		assertThat(ENDPOINTS.findAll(postRequestedFor(urlEqualTo(path)))).hasSize(3);
	}

	@Test
	void aSlowEndpointDoesNotHoldUpAnotherSubscription() throws Exception {
		String slow = "/stuck-" + run;
		ENDPOINTS.stubFor(post(slow).willReturn(aResponse().withStatus(200).withFixedDelay(5000)));
		String fast = ok("/fast");
		String stuck = subscribe("a", "Task", slow, "application/fhir+json");
		subscribe("a", "Task", fast, "application/fhir+json");

		Task task = storeTask("t1", "a", "role-1");
		for (int i = 0; i < 2; i++) {
			task.setDescription("change " + i);
			storeAsAdmin(task);
		}

		received(fast, 3);
		assertThat(jdbc.queryForObject("select count(*) from subscription_delivery where subscription_id = ? and status = 'pending'",
				Integer.class, stuck)).as("the slow subscription's deliveries are all still queued").isEqualTo(3);
	}

	@Test
	void eachEndpointSeesItsChangesInOrderThroughARetry() throws Exception {
		String path = "/ordered-" + run;
		ENDPOINTS.stubFor(post(path).inScenario(path).whenScenarioStateIs(Scenario.STARTED)
				.willReturn(aResponse().withStatus(500)).willSetStateTo("up"));
		ENDPOINTS.stubFor(post(path).inScenario(path).whenScenarioStateIs("up").willReturn(aResponse().withStatus(200)));
		subscribe("a", "Task", path, "application/fhir+json");

		Task task = storeTask("t1", "a", "role-1");
		for (int i = 0; i < 4; i++) {
			task.setDescription("change " + i);
			storeAsAdmin(task);
		}

		List<LoggedRequest> requests = received(path, 6);
		String id = "Task/" + task.getIdPart() + "/_history/";
		assertThat(requests.subList(0, 2)).as("the 500, then its retry").extracting(r -> r.getHeader("X-Rapport-Resource"))
				.containsExactly(id + 1, id + 1);
		assertThat(inOrder(requests)).containsExactly(id + 1, id + 2, id + 3, id + 4, id + 5);
		assertEachRequestIsARecordedAttempt(requests);
	}

	@Test
	void aQueuedDeliverySurvivesItsWorker() throws Exception {
		String path = ok("/restart");
		String subscription = subscribe("a", "Task", path, "application/fhir+json");
		worker.stop();

		storeTask("t1", "a", "role-1");
		Thread.sleep(300);
		assertThat(row(subscription)).containsEntry("status", "pending");
		long leaseUntil = clock.millis() + 1500;
		jdbc.update("update subscription_delivery set claimed_by = 'a-worker-that-died', lease_until = ? where subscription_id = ?",
				leaseUntil, subscription);

		DeliveryWorker another = new DeliveryWorker(queue, sender, properties, clock);
		another.start();
		try {
			Thread.sleep(500);
			assertThat(ENDPOINTS.findAll(postRequestedFor(urlEqualTo(path)))).as("not while the lease holds").isEmpty();
			received(path, 1);
			assertThat(clock.millis()).isGreaterThanOrEqualTo(leaseUntil);
			await(WAIT, () -> "delivered".equals(row(subscription).get("status")));
		} finally {
			another.stop();
		}
	}

	@Test
	void anIdOnlySubscriptionIsSentAnEmptyBody() throws Exception {
		String path = ok("/id-only");
		subscribe("a", "Task", path, null);

		Task task = storeTask("t1", "a", "role-1");

		LoggedRequest request = received(path, 1).get(0);
		assertThat(request.getBody()).isEmpty();
		assertThat(request.getHeader("X-Rapport-Resource")).isEqualTo("Task/" + task.getIdPart() + "/_history/1");
		assertThat(request.getHeader("X-Rapport-Event-Id")).isNotBlank();
	}

	@Test
	void twoWorkersDeliverEachEventOnceAndInOrder() throws Exception {
		List<String> paths = new ArrayList<>();
		for (int s = 0; s < 3; s++) {
			paths.add(ok("/pair-" + s));
			subscribe("a", "Task", paths.get(s), null);
		}
		DeliveryWorker another = new DeliveryWorker(queue, sender, properties, clock);
		another.start();
		try {
			Task task = storeTask("t1", "a", "role-1");
			for (int i = 0; i < 5; i++) {
				task.setDescription("change " + i);
				storeAsAdmin(task);
			}
			String id = "Task/" + task.getIdPart() + "/_history/";
			for (String path : paths) {
				List<LoggedRequest> requests = received(path, 6);
				assertThat(inOrder(requests)).containsExactlyElementsOf(IntStream.rangeClosed(1, 6).mapToObj(v -> id + v).toList());
			}
			Thread.sleep(300);
			for (String path : paths) {
				assertEachRequestIsARecordedAttempt(received(path, 6));
			}
		} finally {
			another.stop();
		}
	}

	@Test
	void aRolledBackWriteQueuesNothing() throws Exception {
		String path = ok("/rollback");
		String subscription = subscribe("a", "Task", path, "application/fhir+json");
		Task task = task("t1", "a", "role-1");
		Task conflicting = task("t2", "a", "role-1");
		String bundle = "{\"resourceType\":\"Bundle\",\"type\":\"transaction\",\"entry\":["
				+ "{\"resource\":" + CLIENT_CONTEXT.newJsonParser().encodeResourceToString(task)
				+ ",\"request\":{\"method\":\"PUT\",\"url\":\"Task/" + task.getIdPart() + "\"}},"
				+ "{\"resource\":" + CLIENT_CONTEXT.newJsonParser().encodeResourceToString(conflicting)
				+ ",\"request\":{\"method\":\"PUT\",\"url\":\"Task/" + conflicting.getIdPart() + "\",\"ifMatch\":\"W/\\\"9\\\"\"}}]}";

		HttpResponse<String> response = send("POST", "", bundle, "Content-Type", JSON);

		assertThat(response.statusCode()).isGreaterThanOrEqualTo(400);
		assertThat(deliveries(subscription)).isZero();
	}

	// ----- fixtures

	/** A path answering 200. */
	private String ok(String name) {
		String path = name + "-" + run;
		ENDPOINTS.stubFor(post(path).willReturn(aResponse().withStatus(200)));
		return path;
	}

	private String organization(String ehr) {
		return "Organization/ehr-" + ehr + "-" + run;
	}

	/** Creates a Subscription as EHR {@code ehr} (or as the admin); returns its id. */
	private String subscribe(String ehr, String criteria, String path, String payload, String... headers) throws Exception {
		String previous = token;
		if (!ehr.equals("admin")) {
			actAs("ehr-" + ehr + "-" + run, ClientKind.EHR, List.of(organization(ehr)), EHR_SCOPES);
		}
		Subscription subscription = new Subscription();
		subscription.setStatus(Subscription.SubscriptionStatus.REQUESTED).setReason("referral updates").setCriteria(criteria);
		subscription.getChannel().setType(Subscription.SubscriptionChannelType.RESTHOOK)
				.setEndpoint(ENDPOINTS.baseUrl() + path).setPayload(payload);
		for (String header : headers) {
			subscription.getChannel().addHeader(header);
		}
		HttpResponse<String> response = send("POST", "/Subscription",
				CLIENT_CONTEXT.newJsonParser().encodeResourceToString(subscription), "Content-Type", JSON);
		token = previous;
		assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
		String location = response.headers().firstValue("Location").orElseThrow();
		return location.replaceAll(".*/Subscription/([^/]+).*", "$1");
	}

	/** A referral Task requested by EHR {@code ehr}'s organisation and offered to {@code role}. */
	private Task task(String name, String ehr, String role) throws Exception {
		try (var in = new FileInputStream(new File("fhir-profiles/examples/Task-example-referral-offer.json"))) {
			Task task = CLIENT_CONTEXT.newJsonParser().parseResource(Task.class, in);
			task.setId("task-" + name + "-" + run);
			task.setRequester(new Reference(organization(ehr)));
			task.setOwner(new Reference("PractitionerRole/" + role).setDisplay("Jordan Lee, LPC"));
			task.setFor(new Reference("Patient/pat-" + run).setDisplay("Eli Novak"));
			return task;
		}
	}

	private Task storeTask(String name, String ehr, String role) throws Exception {
		Task task = task(name, ehr, role);
		storeAsAdmin(task);
		return task;
	}

	private void storeAsAdmin(Task task) throws Exception {
		HttpResponse<String> response = send("PUT", "/Task/" + task.getIdPart(),
				CLIENT_CONTEXT.newJsonParser().encodeResourceToString(task), "Content-Type", JSON);
		assertThat(response.statusCode()).as(response.body()).isLessThan(300);
	}

	/** Waits for {@code count} requests to {@code path}; returns them in the order received. */
	private static List<LoggedRequest> received(String path, int count) throws Exception {
		await(WAIT, () -> ENDPOINTS.findAll(postRequestedFor(urlEqualTo(path))).size() >= count,
				() -> ENDPOINTS.findAll(postRequestedFor(urlEqualTo(path))).size() + " requests to " + path);
		return ENDPOINTS.findAll(postRequestedFor(urlEqualTo(path))).stream()
				.sorted(Comparator.comparing(LoggedRequest::getLoggedDate)).toList();
	}

	/**
	 * The resources sent, a retry of the same event counted once: at least once means an attempt
	 * that timed out on a busy machine may have reached the endpoint, and is sent again.
	 */
	private static List<String> inOrder(List<LoggedRequest> requests) {
		List<String> resources = new ArrayList<>();
		String previousEvent = null;
		for (LoggedRequest request : requests) {
			if (!request.getHeader("X-Rapport-Event-Id").equals(previousEvent)) {
				resources.add(request.getHeader("X-Rapport-Resource"));
			}
			previousEvent = request.getHeader("X-Rapport-Event-Id");
		}
		return resources;
	}

	/** No event was sent more often than its row counts attempts: no two workers sent the same claim. */
	private void assertEachRequestIsARecordedAttempt(List<LoggedRequest> requests) throws Exception {
		Map<String, Long> sent = requests.stream().collect(Collectors.groupingBy(
				r -> r.getHeader("X-Rapport-Event-Id"), Collectors.counting()));
		for (Map.Entry<String, Long> event : sent.entrySet()) {
			String sql = "select count(*) from subscription_delivery where event_id = ? and status = 'delivered'";
			await(WAIT, () -> jdbc.queryForObject(sql, Integer.class, event.getKey()) == 1);
			assertThat(jdbc.queryForObject("select attempts from subscription_delivery where event_id = ?", Integer.class,
					event.getKey())).as("attempts of event %s", event.getKey()).isGreaterThanOrEqualTo(event.getValue().intValue());
		}
	}

	/** The subscription's one delivery row. */
	private Map<String, Object> row(String subscription) {
		List<Map<String, Object>> rows = jdbc.queryForList("select event_id, status, attempts, last_outcome"
				+ " from subscription_delivery where subscription_id = ?", subscription);
		assertThat(rows).hasSize(1);
		Map<String, Object> row = new HashMap<>();
		rows.get(0).forEach((k, v) -> row.put(k.toLowerCase(Locale.ROOT), v));
		return row;
	}

	private int deliveries(String subscription) {
		return jdbc.queryForObject("select count(*) from subscription_delivery where subscription_id = ?", Integer.class,
				subscription);
	}
}
