package health.rapport.fhir;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ca.uhn.fhir.rest.api.EncodingEnum;
import ca.uhn.fhir.rest.api.MethodOutcome;
import ca.uhn.fhir.rest.server.exceptions.PreconditionFailedException;
import ca.uhn.fhir.rest.server.exceptions.ResourceGoneException;
import ca.uhn.fhir.rest.server.exceptions.ResourceNotFoundException;
import health.rapport.fhir.store.ResourceStore;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Enumerations;
import org.hl7.fhir.r4.model.HumanName;
import org.hl7.fhir.r4.model.IdType;
import org.hl7.fhir.r4.model.Practitioner;
import org.hl7.fhir.r4.model.StringType;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

/** Create, read, update, delete, history and HTTP semantics, through the generic client. */
public abstract class ResourceLifecycleContract extends FhirIT {

	@Autowired
	private ResourceStore store;
	@Autowired
	private JdbcTemplate jdbc;

	private Practitioner practitioner() {
		Practitioner p = new Practitioner();
		p.addIdentifier().setSystem("http://hl7.org/fhir/sid/us-npi").setValue("npi-" + run);
		HumanName name = p.addName().setFamily("Okafor-" + run).addGiven("Adaeze");
		name.addExtension("http://example.org/fhir/StructureDefinition/pronunciation", new StringType("oh-KAH-for"));
		p.addExtension("http://example.org/fhir/StructureDefinition/unknown-to-rapport", new StringType("kept"));
		p.getMeta().addProfile("http://example.org/fhir/StructureDefinition/some-profile");
		p.getMeta().addTag("http://example.org/tags", "demo", "Demo");
		return p;
	}

	@Test
	void resourceWithUnknownExtensionsReadsBackUnchangedExceptMeta() {
		for (EncodingEnum encoding : List.of(EncodingEnum.JSON, EncodingEnum.XML)) {
			client.setEncoding(encoding);
			Practitioner sent = practitioner();
			IdType id = (IdType) client.create().resource(sent).execute().getId();

			Practitioner read = client.read().resource(Practitioner.class).withId(id.getIdPart()).execute();

			assertThat(read.getMeta().getVersionId()).isEqualTo("1");
			assertThat(read.getMeta().getLastUpdated()).isNotNull();
			assertThat(read.getMeta().getProfile()).extracting("value").containsExactly(
					"http://example.org/fhir/StructureDefinition/some-profile");
			sent.setId(id.getIdPart());
			assertThat(withoutMeta(read)).isEqualTo(withoutMeta(sent));
		}
	}

	private static String withoutMeta(Practitioner p) {
		Practitioner copy = p.copy();
		copy.setMeta(null);
		copy.setIdElement(new IdType(copy.getIdElement().getIdPart()));
		return CLIENT_CONTEXT.newJsonParser().encodeResourceToString(copy);
	}

	@Test
	void updateWithStaleIfMatchIsRefusedWith412() {
		IdType id = (IdType) client.create().resource(practitioner()).execute().getId();
		Practitioner current = client.read().resource(Practitioner.class).withId(id.getIdPart()).execute();
		client.update().resource(current.setActive(true)).withId(id.toUnqualifiedVersionless()).execute();

		Practitioner stale = current.setActive(false);
		stale.setId(id.withVersion("1"));
		assertThatThrownBy(() -> client.update().resource(stale).withId(id.toUnqualified().withVersion("1")).execute())
				.isInstanceOf(PreconditionFailedException.class).hasMessageContaining("current version is 2");

		Practitioner after = client.read().resource(Practitioner.class).withId(id.getIdPart()).execute();
		assertThat(after.getMeta().getVersionId()).isEqualTo("2");
		assertThat(after.getActive()).isTrue();
	}

	@Test
	void historyListsEveryVersionNewestFirst() {
		Practitioner p = practitioner();
		IdType id = (IdType) client.create().resource(p).execute().getId();
		for (String given : List.of("B", "C")) {
			p.getNameFirstRep().getGiven().clear();
			p.getNameFirstRep().addGiven(given);
			p.setId(id.toUnqualifiedVersionless());
			client.update().resource(p).execute();
		}
		client.delete().resourceById(id.toUnqualifiedVersionless()).execute();

		Bundle history = client.history().onInstance(id.toUnqualifiedVersionless()).returnBundle(Bundle.class).execute();

		assertThat(history.getType()).isEqualTo(Bundle.BundleType.HISTORY);
		assertThat(history.getEntry()).extracting(e -> e.getRequest().getMethod().toCode())
				.containsExactly("DELETE", "PUT", "PUT", "POST");
		assertThat(history.getEntry().subList(1, 4)).extracting(e -> e.getResource().getMeta().getVersionId())
				.containsExactly("3", "2", "1");
		Bundle typeHistory = client.history().onType(Practitioner.class).returnBundle(Bundle.class).count(500).execute();
		assertThat(typeHistory.getEntry()).extracting(e -> e.getFullUrl())
				.anyMatch(url -> url.contains(id.getIdPart()));
	}

	@Test
	void updateThatChangesNothingKeepsTheCurrentVersion() {
		IdType id = (IdType) client.create().resource(practitioner()).execute().getId();
		Practitioner read = client.read().resource(Practitioner.class).withId(id.getIdPart()).execute();

		// Sent back as read, and again with other meta values: the same content either way.
		MethodOutcome same = client.update().resource(read).withId(id.toUnqualifiedVersionless()).execute();
		read.getMeta().setVersionId("7").setLastUpdated(new Date(0));
		MethodOutcome again = client.update().resource(read).withId(id.toUnqualifiedVersionless()).execute();
		MethodOutcome changed = client.update().resource(read.setGender(Enumerations.AdministrativeGender.FEMALE))
				.withId(id.toUnqualifiedVersionless()).execute();

		assertThat(List.of(same, again)).extracting(o -> o.getId().getVersionIdPart()).containsExactly("1", "1");
		assertThat(List.of(same, again)).extracting(MethodOutcome::getResponseStatusCode).containsExactly(200, 200);
		assertThat(changed.getId().getVersionIdPart()).isEqualTo("2");
		Bundle history = client.history().onInstance(id.toUnqualifiedVersionless()).returnBundle(Bundle.class).execute();
		assertThat(history.getEntry()).extracting(e -> e.getResource().getMeta().getVersionId()).containsExactly("2", "1");
	}

	/** History pages by _offset (HAPI's links); a search may too. Following next gives each entry once. */
	@Test
	void historyAndSearchPagedByOffsetGiveEachEntryOnce() throws Exception {
		Practitioner p = practitioner();
		IdType id = (IdType) client.create().resource(p).execute().getId();
		for (int version = 2; version <= 7; version++) {
			p.getNameFirstRep().getGiven().clear();
			p.getNameFirstRep().addGiven("V" + version);
			p.setId(id.toUnqualifiedVersionless());
			client.update().resource(p).execute();
		}
		List<String> versions = new ArrayList<>();
		Bundle page = client.history().onInstance(id.toUnqualifiedVersionless()).returnBundle(Bundle.class).count(3).execute();
		for (int pages = 0; page != null && pages < 10; pages++) {
			page.getEntry().forEach(e -> versions.add(e.getResource().getMeta().getVersionId()));
			page = page.getLink(Bundle.LINK_NEXT) == null ? null : client.loadPage().next(page).execute();
		}
		assertThat(versions).containsExactly("7", "6", "5", "4", "3", "2", "1");

		String family = p.getNameFirstRep().getFamily();
		for (int i = 0; i < 4; i++) {
			client.create().resource(practitioner(family)).execute();
		}
		List<String> all = client.search().byUrl("Practitioner?family=" + family + "&_sort=_id").returnBundle(Bundle.class)
				.execute().getEntry().stream().map(e -> e.getResource().getIdElement().getIdPart()).toList();
		Bundle second = client.search().byUrl("Practitioner?family=" + family + "&_sort=_id&_count=2&_offset=2")
				.returnBundle(Bundle.class).execute();
		assertThat(second.getEntry()).extracting(e -> e.getResource().getIdElement().getIdPart()).isEqualTo(all.subList(2, 4));
		HttpResponse<String> negative = send("GET", "/Practitioner/_history?_offset=-1", null);
		assertThat(negative.statusCode()).isEqualTo(400);
	}

	@Test
	void deletedResourceIsGoneButOlderVersionsStayReadable() {
		IdType id = (IdType) client.create().resource(practitioner()).execute().getId();
		client.delete().resourceById(id.toUnqualifiedVersionless()).execute();

		assertThatThrownBy(() -> client.read().resource(Practitioner.class).withId(id.getIdPart()).execute())
				.isInstanceOf(ResourceGoneException.class);
		Practitioner v1 = client.read().resource(Practitioner.class).withIdAndVersion(id.getIdPart(), "1").execute();
		assertThat(v1.getNameFirstRep().getFamily()).isEqualTo("Okafor-" + run);
		Bundle found = client.search().forResource(Practitioner.class).where(Practitioner.FAMILY.matches().value("Okafor-" + run))
				.returnBundle(Bundle.class).execute();
		assertThat(found.getTotal()).isZero();
		assertThatThrownBy(() -> client.read().resource(Practitioner.class).withId("never-" + run).execute())
				.isInstanceOf(ResourceNotFoundException.class);
	}

	@Test
	void updateWithClientIdCreatesThenVersions() {
		Practitioner p = practitioner();
		p.setId("client-chosen-" + run);
		MethodOutcome created = client.update().resource(p).execute();
		MethodOutcome updated = client.update().resource(p.setActive(true)).execute();

		assertThat(created.getCreated()).isTrue();
		assertThat(created.getId().getVersionIdPart()).isEqualTo("1");
		assertThat(updated.getId().getVersionIdPart()).isEqualTo("2");
		assertThat(updated.getId().getIdPart()).isEqualTo("client-chosen-" + run);
	}

	@Test
	void conditionalCreateByIdentifierCreatesOnce() {
		String condition = "identifier=http://hl7.org/fhir/sid/us-npi|npi-" + run;
		MethodOutcome first = client.create().resource(practitioner()).conditionalByUrl("Practitioner?" + condition).execute();
		MethodOutcome second = client.create().resource(practitioner()).conditionalByUrl("Practitioner?" + condition).execute();

		assertThat(first.getCreated()).isTrue();
		assertThat(second.getCreated()).isNotEqualTo(Boolean.TRUE);
		assertThat(second.getId().getIdPart()).isEqualTo(first.getId().getIdPart());
	}

	/** Six at once: one creates, the others find it (each used to find nothing and create its own). */
	@Test
	void concurrentConditionalCreatesCreateOnce() throws Exception {
		String condition = "identifier=http://hl7.org/fhir/sid/us-npi|npi-" + run;
		String body = CLIENT_CONTEXT.newJsonParser().encodeResourceToString(practitioner());
		ExecutorService clients = Executors.newFixedThreadPool(6);
		try {
			List<Future<HttpResponse<String>>> answers = new ArrayList<>();
			for (int i = 0; i < 6; i++) {
				answers.add(clients.submit(() -> send("POST", "/Practitioner", body, "Content-Type", JSON, "If-None-Exist", condition)));
			}
			List<Integer> statuses = new ArrayList<>();
			for (Future<HttpResponse<String>> answer : answers) {
				statuses.add(answer.get().statusCode());
			}
			assertThat(statuses).containsOnly(200, 201).containsOnlyOnce(201);
		} finally {
			clients.shutdownNow();
		}
		assertThat(client.search().byUrl("Practitioner?" + condition).returnBundle(Bundle.class).execute().getTotal()).isEqualTo(1);
	}

	@Test
	void httpHeadersFollowTheSpec() throws Exception {
		String body = CLIENT_CONTEXT.newJsonParser().encodeResourceToString(practitioner());
		HttpResponse<String> created = send("POST", "/Practitioner", body, "Content-Type", JSON);
		assertThat(created.statusCode()).isEqualTo(201);
		String location = created.headers().firstValue("Location").orElseThrow();
		assertThat(location).matches(".*/Practitioner/[^/]+/_history/1");
		assertThat(created.headers().firstValue("ETag")).contains("W/\"1\"");
		String id = location.replaceAll(".*/Practitioner/([^/]+)/_history/1", "$1");

		HttpResponse<String> read = send("GET", "/Practitioner/" + id, null);
		assertThat(read.headers().firstValue("ETag")).contains("W/\"1\"");
		assertThat(read.headers().firstValue("Last-Modified")).isPresent();

		HttpResponse<String> notModified = send("GET", "/Practitioner/" + id, null, "If-None-Match", "W/\"1\"");
		assertThat(notModified.statusCode()).isEqualTo(304);

		HttpResponse<String> minimal = send("POST", "/Practitioner", body, "Content-Type", JSON, "Prefer", "return=minimal");
		assertThat(minimal.statusCode()).isEqualTo(201);
		assertThat(minimal.body()).isEmpty();

		HttpResponse<String> outcome = send("POST", "/Practitioner", body, "Content-Type", JSON, "Prefer",
				"return=OperationOutcome");
		assertThat(outcome.body()).contains("\"resourceType\":\"OperationOutcome\"");
	}

	/** {@code If-Match: *} holds while there is a current version, whichever it is (RFC 9110), and not otherwise. */
	@Test
	void ifMatchStarMatchesAnyCurrentVersionOnly() throws Exception {
		String id = client.create().resource(practitioner()).execute().getId().getIdPart();
		Practitioner p = practitioner();
		p.setId(id);

		HttpResponse<String> updated = send("PUT", "/Practitioner/" + id, json(p.setActive(true)), "Content-Type", JSON,
				"If-Match", "*");
		assertThat(updated.statusCode()).as(updated.body()).isEqualTo(200);
		assertThat(updated.headers().firstValue("ETag")).contains("W/\"2\"");
		HttpResponse<String> deleted = send("DELETE", "/Practitioner/" + id, null, "If-Match", "*");
		assertThat(deleted.statusCode()).as(deleted.body()).isEqualTo(200);
		assertThat(send("DELETE", "/Practitioner/" + id, null, "If-Match", "*").statusCode()).isEqualTo(412);
		assertThat(send("DELETE", "/Practitioner/" + id, null).statusCode()).isEqualTo(200);

		HttpResponse<String> gone = send("PUT", "/Practitioner/" + id, json(p), "Content-Type", JSON, "If-Match", "*");
		assertThat(gone.statusCode()).as(gone.body()).isEqualTo(412);
		assertThat(gone.body()).contains("\"resourceType\":\"OperationOutcome\"");
		p.setId("never-" + run);
		HttpResponse<String> absent = send("PUT", "/Practitioner/never-" + run, json(p), "Content-Type", JSON, "If-Match", "*");
		assertThat(absent.statusCode()).as(absent.body()).isEqualTo(412);
		assertThat(absent.body()).contains("\"resourceType\":\"OperationOutcome\"");

		assertThatThrownBy(() -> client.read().resource(Practitioner.class).withId(id).execute())
				.isInstanceOf(ResourceGoneException.class);
		assertThatThrownBy(() -> client.read().resource(Practitioner.class).withId("never-" + run).execute())
				.isInstanceOf(ResourceNotFoundException.class);
	}

	/** A 304 carries the validators a 200 would have; {@code If-None-Match: *} matches any current version. */
	@Test
	void conditionalReadAnswers304WithTheCurrentETag() throws Exception {
		IdType id = (IdType) client.create().resource(practitioner()).execute().getId();
		Practitioner p = practitioner();
		p.setId(id.toUnqualifiedVersionless());
		client.update().resource(p.setActive(true)).execute();
		String path = "/Practitioner/" + id.getIdPart();

		for (String condition : List.of("W/\"2\"", "*")) {
			HttpResponse<String> notModified = send("GET", path, null, "If-None-Match", condition);
			assertThat(notModified.statusCode()).as(condition).isEqualTo(304);
			assertThat(notModified.headers().firstValue("ETag")).as(condition).contains("W/\"2\"");
			assertThat(notModified.headers().firstValue("Last-Modified")).as(condition).isPresent();
			assertThat(notModified.body()).isEmpty();
		}
		HttpResponse<String> stale = send("GET", path, null, "If-None-Match", "W/\"1\"");
		assertThat(stale.statusCode()).isEqualTo(200);
		assertThat(stale.headers().firstValue("ETag")).contains("W/\"2\"");
	}

	/** An update that created the resource is a PUT in history, as the client sent it, not a POST. */
	@Test
	void historyRecordsAnUpdateThatCreatedAsAPut() throws Exception {
		Date start = new Date(System.currentTimeMillis() - 1000);
		Practitioner p = practitioner();
		String chosen = "put-created-" + run;
		p.setId(chosen);
		client.update().resource(p).execute();
		client.update().resource(p.setActive(true)).execute();
		String posted = client.create().resource(practitioner()).execute().getId().getIdPart();

		Bundle instance = client.history().onInstance(new IdType("Practitioner", chosen)).returnBundle(Bundle.class).execute();
		assertThat(instance.getEntry()).extracting(e -> e.getRequest().getMethod().toCode() + " " + e.getRequest().getUrl())
				.containsExactly("PUT Practitioner/" + chosen, "PUT Practitioner/" + chosen);

		client.delete().resourceById("Practitioner", posted).execute();
		Bundle type = client.history().onType(Practitioner.class).returnBundle(Bundle.class).since(start).count(500)
				.execute();
		List<String> requests = type.getEntry().stream().filter(e -> e.getFullUrl().endsWith("/" + chosen)
				|| e.getFullUrl().endsWith("/" + posted)).map(e -> e.getRequest().getMethod().toCode() + " "
						+ e.getRequest().getUrl()).toList();
		assertThat(requests).containsExactly("DELETE Practitioner/" + posted, "POST Practitioner",
				"PUT Practitioner/" + chosen, "PUT Practitioner/" + chosen);
	}

	@Test
	void everyCurrentResourceOfATypeIsReadOnceInKeyOrderAPageAtATime() {
		List<String> ids = new ArrayList<>();
		for (int i = 0; i < 7; i++) {
			ids.add(client.create().resource(practitioner("Paged-" + run)).execute().getId().getIdPart());
		}
		client.delete().resourceById("Practitioner", ids.get(3)).execute();

		List<Long> paged = new ArrayList<>();
		List<Long> page = store.currentKeysAfter("Practitioner", 0, 2);
		while (!page.isEmpty()) {
			assertThat(page).hasSizeLessThanOrEqualTo(2);
			paged.addAll(page);
			page = store.currentKeysAfter("Practitioner", paged.get(paged.size() - 1), 2);
		}

		assertThat(paged).isSorted().doesNotHaveDuplicates().containsExactlyElementsOf(jdbc.queryForList(
				"select pk from fhir_resource where res_type = 'Practitioner' and deleted = false order by pk", Long.class));
		assertThat(store.currentOf("Practitioner", ids)).extracting(v -> v.id())
				.as("the deleted one left out, the others in the order asked").containsExactlyElementsOf(
						ids.stream().filter(id -> !id.equals(ids.get(3))).toList());
	}
}
