package health.rapport.fhir;

import static org.assertj.core.api.Assertions.assertThat;

import ca.uhn.fhir.rest.api.EncodingEnum;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.assertj.core.api.SoftAssertions;
import org.hl7.fhir.r4.model.Bundle;
import org.hl7.fhir.r4.model.Bundle.BundleEntryComponent;
import org.hl7.fhir.r4.model.Distance;
import org.hl7.fhir.r4.model.Location;
import org.hl7.fhir.r4.model.Practitioner;
import org.junit.jupiter.api.Test;

/** Every search parameter, chain, include and revinclude the directory promises; paging, sort, near. */
public abstract class SearchContract extends FhirIT {

	private Bundle search(String query) {
		return client.search().byUrl(query).returnBundle(Bundle.class).execute();
	}

	private static List<String> ids(Bundle bundle, Bundle.SearchEntryMode mode) {
		return bundle.getEntry().stream().filter(e -> e.getSearch().getMode() == mode)
				.map(e -> e.getResource().fhirType() + "/" + e.getResource().getIdElement().getIdPart()).toList();
	}

	@Test
	void everyDirectorySearchParameterFindsItsResource() {
		DirectoryFixture f = new DirectoryFixture(run);
		client.transaction().withBundle(f.transaction()).execute();
		String p = f.id("practitioner");
		Map<String, String> expected = new LinkedHashMap<>();
		expected.put("Practitioner?_id=" + p, "Practitioner/" + p);
		expected.put("Practitioner?name=giv" + run, "Practitioner/" + p);
		expected.put("Practitioner?family=FAM" + run + "&given=giv" + run, "Practitioner/" + p);
		expected.put("Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|" + f.id("npi"), "Practitioner/" + p);
		expected.put("Practitioner?active=true&given=Giv" + run, "Practitioner/" + p);
		expected.put("Practitioner?communication=urn:ietf:bcp:47|es&family=Fam" + run, "Practitioner/" + p);
		expected.put("Practitioner?gender=female&family=Fam" + run, "Practitioner/" + p);
		expected.put("Practitioner?address-state=CA&address-city=" + f.city().replace(" ", "%20") + "&gender=female",
				"Practitioner/" + p);
		expected.put("Practitioner?_lastUpdated=gt2020-01-01&given=Giv" + run, "Practitioner/" + p);
		expected.put("Practitioner?_has:PractitionerRole:practitioner:specialty=103TC0700X&family=Fam" + run,
				"Practitioner/" + p);
		String role = "PractitionerRole/" + f.id("role");
		expected.put("PractitionerRole?practitioner=Practitioner/" + p, role);
		expected.put("PractitionerRole?organization=" + f.id("practice"), role);
		expected.put("PractitionerRole?location=Location/" + f.id("site"), role);
		expected.put("PractitionerRole?service=HealthcareService/" + f.id("service"), role);
		expected.put("PractitionerRole?endpoint=Endpoint/" + f.id("endpoint"), role);
		expected.put("PractitionerRole?network=Organization/" + f.id("network"), role);
		expected.put("PractitionerRole?specialty=" + DirectoryFixture.NUCC + "|103TC0700X&practitioner=" + p, role);
		expected.put("PractitionerRole?role=103T00000X&active=true&practitioner=" + p, role);
		expected.put("PractitionerRole?_id=" + f.id("role") + "&_lastUpdated=ge2020-01-01", role);
		expected.put("PractitionerRole?location.address-state=CA&location.address-postalcode=" + f.postalCode(), role);
		expected.put("PractitionerRole?location.address-city=" + f.city().replace(" ", "%20"), role);
		expected.put("PractitionerRole?practitioner.name=Fam" + run, role);
		String site = "Location/" + f.id("site");
		expected.put("Location?name=Site%20" + run, site);
		expected.put("Location?address=" + f.postalCode(), site);
		expected.put("Location?address-city=" + f.city().replace(" ", "%20") + "&address-state=CA", site);
		expected.put("Location?address-postalcode=" + f.postalCode(), site);
		expected.put("Location?type=OF&name=Site%20" + run, site);
		expected.put("Location?partof=Location/" + f.id("area"), site);
		expected.put("Location?organization=Organization/" + f.id("practice"), site);
		expected.put("Location?endpoint=Endpoint/" + f.id("endpoint"), site);
		String practice = "Organization/" + f.id("practice");
		expected.put("Organization?name=Practice%20" + run, practice);
		expected.put("Organization?identifier=" + f.id("practice"), practice);
		expected.put("Organization?type=prov&active=true&name=Practice%20" + run, practice);
		expected.put("Organization?partof=Organization/" + f.id("system"), practice);
		expected.put("Organization?endpoint=Endpoint/" + f.id("endpoint"), practice);
		expected.put("Organization?address=" + f.postalCode(), practice);
		expected.put("Organization?coverage-area=Location/" + f.id("area"), practice);
		String service = "HealthcareService/" + f.id("service");
		expected.put("HealthcareService?name=Therapy%20" + run, service);
		expected.put("HealthcareService?specialty=103TC0700X&name=Therapy%20" + run, service);
		expected.put("HealthcareService?location=Location/" + f.id("site"), service);
		expected.put("HealthcareService?organization=Organization/" + f.id("practice"), service);
		expected.put("HealthcareService?service-category=8&name=Therapy%20" + run, service);
		expected.put("HealthcareService?service-type=outpatient-psychotherapy&name=Therapy%20" + run, service);
		expected.put("HealthcareService?coverage-area=Location/" + f.id("area"), service);
		expected.put("HealthcareService?endpoint=Endpoint/" + f.id("endpoint"), service);
		String endpoint = "Endpoint/" + f.id("endpoint");
		expected.put("Endpoint?identifier=" + f.id("endpoint"), endpoint);
		expected.put("Endpoint?organization=Organization/" + f.id("practice"), endpoint);
		expected.put("Endpoint?status=active&_id=" + f.id("endpoint"), endpoint);
		expected.put("VerificationResult?target=Practitioner/" + p, "VerificationResult/" + f.id("check"));
		expected.put("VerificationResult?status=validated&target=Practitioner/" + p, "VerificationResult/" + f.id("check"));
		// Several values are alternatives: each kind of parameter, and a chain.
		expected.put("PractitionerRole?practitioner=Practitioner/" + f.id("colleague") + ",Practitioner/" + p, role);
		expected.put("PractitionerRole?specialty=101YM0800X," + DirectoryFixture.NUCC + "|103TC0700X&practitioner=" + p, role);
		expected.put("PractitionerRole?practitioner.name=Nobody" + run + ",Fam" + run, role);
		expected.put("Location?name=Nowhere" + run + ",Site%20" + run, site);
		expected.put("VerificationResult?target=Practitioner/" + f.id("colleague") + ",Practitioner/" + p,
				"VerificationResult/" + f.id("check"));

		SoftAssertions soft = new SoftAssertions();
		expected.forEach((query, id) -> soft.assertThat(ids(search(query), Bundle.SearchEntryMode.MATCH)).as(query)
				.containsExactly(id));
		soft.assertThat(ids(search("Practitioner?family=Fam" + run), Bundle.SearchEntryMode.MATCH)).hasSize(2);
		soft.assertThat(ids(search("Practitioner?given=Giv" + run + ",Other" + run + "&family=Fam" + run),
				Bundle.SearchEntryMode.MATCH)).as("either given name").hasSize(2);
		soft.assertThat(ids(search("Practitioner?communication=es&family=Fam" + run + "&gender=male"),
				Bundle.SearchEntryMode.MATCH)).isEmpty();
		soft.assertThat(ids(search("Practitioner?gender:not=female&family=Fam" + run), Bundle.SearchEntryMode.MATCH))
				.containsExactly("Practitioner/" + f.id("colleague"));
		soft.assertAll();
	}

	@Test
	void includesAndRevincludesReturnTheLinkedResources() {
		DirectoryFixture f = new DirectoryFixture(run);
		client.transaction().withBundle(f.transaction()).execute();
		Bundle roles = search("PractitionerRole?_id=" + f.id("role") + "&_include=PractitionerRole:practitioner"
				+ "&_include=PractitionerRole:organization&_include=PractitionerRole:location&_include=PractitionerRole:service"
				+ "&_include=PractitionerRole:endpoint&_include=PractitionerRole:network");
		assertThat(ids(roles, Bundle.SearchEntryMode.MATCH)).containsExactly("PractitionerRole/" + f.id("role"));
		assertThat(ids(roles, Bundle.SearchEntryMode.INCLUDE)).containsExactlyInAnyOrder(
				"Practitioner/" + f.id("practitioner"), "Organization/" + f.id("practice"), "Location/" + f.id("site"),
				"HealthcareService/" + f.id("service"), "Endpoint/" + f.id("endpoint"), "Organization/" + f.id("network"));

		Bundle practitioners = search("Practitioner?family=Fam" + run + "&_revinclude=PractitionerRole:practitioner");
		assertThat(ids(practitioners, Bundle.SearchEntryMode.INCLUDE)).containsExactly("PractitionerRole/" + f.id("role"));
		Bundle sites = search("Location?_id=" + f.id("site") + "&_revinclude=PractitionerRole:location"
				+ "&_include=Location:organization&_include=Location:partof&_include=Location:endpoint");
		assertThat(ids(sites, Bundle.SearchEntryMode.INCLUDE)).containsExactlyInAnyOrder("PractitionerRole/" + f.id("role"),
				"Organization/" + f.id("practice"), "Location/" + f.id("area"), "Endpoint/" + f.id("endpoint"));
		Bundle chained = search("PractitionerRole?specialty=103TC0700X&practitioner.name=Fam" + run
				+ "&_include=PractitionerRole:practitioner");
		assertThat(ids(chained, Bundle.SearchEntryMode.INCLUDE)).containsExactly("Practitioner/" + f.id("practitioner"));
		Bundle iterate = search("PractitionerRole?_id=" + f.id("role") + "&_include=PractitionerRole:location"
				+ "&_include:iterate=Location:partof");
		assertThat(ids(iterate, Bundle.SearchEntryMode.INCLUDE)).containsExactlyInAnyOrder("Location/" + f.id("site"),
				"Location/" + f.id("area"));
	}

	@Test
	void pagingThroughAThousandMatchesSkipsAndRepeatsNothing() {
		Set<String> created = new HashSet<>();
		for (int batch = 0; batch < 2; batch++) {
			Bundle bundle = new Bundle().setType(Bundle.BundleType.BATCH);
			for (int i = 0; i < 500; i++) {
				Practitioner p = practitioner("Pager" + run);
				p.setId("page-" + run + "-" + (batch * 500 + i));
				bundle.addEntry().setResource(p).getRequest().setMethod(Bundle.HTTPVerb.PUT).setUrl("Practitioner/" + p.getIdPart());
				created.add(p.getIdPart());
			}
			client.transaction().withBundle(bundle).execute();
		}
		List<String> seen = new ArrayList<>();
		Bundle page = search("Practitioner?family=Pager" + run + "&_count=37");
		assertThat(page.getTotal()).isEqualTo(1000);
		int pages = 1;
		while (true) {
			page.getEntry().forEach(e -> seen.add(e.getResource().getIdElement().getIdPart()));
			if (page.getLink(Bundle.LINK_NEXT) == null) {
				break;
			}
			page = client.loadPage().next(page).execute();
			pages++;
			assertThat(page.getLink(Bundle.LINK_PREV)).isNotNull();
		}
		assertThat(pages).isEqualTo(28);
		assertThat(seen).hasSize(1000).doesNotHaveDuplicates();
		assertThat(new HashSet<>(seen)).isEqualTo(created);
	}

	/** A page of no entries leads nowhere: its next and previous links named the same page again. */
	@Test
	void countZeroAnswersTheTotalWithoutPagingLinks() throws Exception {
		String id = null;
		for (int i = 0; i < 3; i++) {
			id = client.create().resource(practitioner("Zero" + run)).execute().getId().getIdPart();
		}
		// HAPI answers _count=0 as _summary=count, without links, unless _elements asks for elements.
		for (String paging : List.of("&_count=0", "&_count=0&_offset=1", "&_count=0&_elements=name",
				"&_count=0&_offset=1&_elements=name", "&_summary=count")) {
			Bundle none = search("Practitioner?family=Zero" + run + paging);
			assertThat(none.getTotal()).as(paging).isEqualTo(3);
			assertThat(none.getEntry()).as(paging).isEmpty();
			assertThat(none.getLink(Bundle.LINK_NEXT)).as(paging).isNull();
			assertThat(none.getLink(Bundle.LINK_PREV)).as(paging).isNull();
		}
		HttpResponse<String> history = send("GET", "/Practitioner/" + id + "/_history?_count=0&_elements=name", null);
		assertThat(CLIENT_CONTEXT.newJsonParser().parseResource(Bundle.class, history.body()).getLink(Bundle.LINK_NEXT)).isNull();
		Bundle paged = search("Practitioner?family=Zero" + run + "&_count=1&_offset=1&_elements=name");
		assertThat(paged.getLink(Bundle.LINK_NEXT).getUrl()).contains("_offset=2");
		assertThat(paged.getLink(Bundle.LINK_PREV).getUrl()).contains("_offset=0");
	}

	/** The server's own base in a reference value is the same as none (FHIR search, references). */
	@Test
	void referenceByThisServersAbsoluteUrlFindsWhatTheRelativeOneFinds() throws Exception {
		DirectoryFixture f = new DirectoryFixture(run);
		client.transaction().withBundle(f.transaction()).execute();
		String practitioner = "Practitioner/" + f.id("practitioner");
		assertThat(matches("PractitionerRole?practitioner=" + form(base() + "/" + practitioner)))
				.containsExactly("PractitionerRole/" + f.id("role"));
		assertThat(matches("PractitionerRole?practitioner:Practitioner=" + form(base() + "/" + practitioner)))
				.containsExactly("PractitionerRole/" + f.id("role"));
		assertThat(matches("Location?partof=" + form(base() + "/Location/" + f.id("area"))))
				.containsExactly("Location/" + f.id("site"));
		assertThat(matches("PractitionerRole?practitioner=" + form("http://elsewhere.example/fhir/" + practitioner)))
				.as("another server's Practitioner of the same id").isEmpty();
	}

	/** The matches of a search sent as written, its values encoded by the caller. */
	private List<String> matches(String query) throws Exception {
		HttpResponse<String> found = send("GET", "/" + query, null);
		assertThat(found.statusCode()).as(found.body()).isEqualTo(200);
		return ids(CLIENT_CONTEXT.newJsonParser().parseResource(Bundle.class, found.body()), Bundle.SearchEntryMode.MATCH);
	}

	@Test
	void sortOrdersByNameAndLastUpdated() {
		for (String family : List.of("Charlie", "Alpha", "Bravo")) {
			Practitioner p = practitioner(family + run);
			p.getNameFirstRep().addGiven("Sorted" + run);
			client.create().resource(p).execute();
		}
		Bundle byName = search("Practitioner?given=Sorted" + run + "&_sort=family");
		Bundle byNameDesc = search("Practitioner?given=Sorted" + run + "&_sort=-family");
		Bundle newestFirst = search("Practitioner?given=Sorted" + run + "&_sort=-_lastUpdated");

		assertThat(byName.getEntry()).extracting(e -> ((Practitioner) e.getResource()).getNameFirstRep().getFamily())
				.containsExactly("Alpha" + run, "Bravo" + run, "Charlie" + run);
		assertThat(byNameDesc.getEntry()).extracting(e -> ((Practitioner) e.getResource()).getNameFirstRep().getFamily())
				.containsExactly("Charlie" + run, "Bravo" + run, "Alpha" + run);
		assertThat(newestFirst.getEntry()).extracting(e -> ((Practitioner) e.getResource()).getNameFirstRep().getFamily())
				.containsExactly("Bravo" + run, "Alpha" + run, "Charlie" + run);
	}

	@Test
	void nearReturnsLocationsNearestFirstWithTheirDistance() {
		double lat = -30 - Math.abs(run.hashCode() % 1000) / 100.0;
		double lon = 100.0;
		List<Double> kilometres = List.of(12.0, 1.0, 30.0, 5.0);
		for (double km : kilometres) {
			Location l = new Location().setName("Near" + run + "-" + (int) km);
			l.getPosition().setLatitude(lat + km / 111.195).setLongitude(lon);
			client.create().resource(l).execute();
		}
		Bundle near = search("Location?near=" + lat + "|" + lon + "|20|km&name=Near" + run);

		assertThat(near.getEntry()).extracting(e -> ((Location) e.getResource()).getName())
				.containsExactly("Near" + run + "-1", "Near" + run + "-5", "Near" + run + "-12");
		List<Double> distances = near.getEntry().stream().map(BundleEntryComponent::getSearch)
				.map(s -> ((Distance) s.getExtensionByUrl("http://hl7.org/fhir/StructureDefinition/location-distance")
						.getValue()).getValue().doubleValue()).toList();
		assertThat(distances).containsExactly(1.0, 5.0, 12.0);
		Bundle miles = search("Location?near=" + lat + "|" + lon + "|4|mi&name=Near" + run);
		assertThat(miles.getEntry()).extracting(e -> ((Location) e.getResource()).getName())
				.containsExactly("Near" + run + "-1", "Near" + run + "-5");
	}

	/** The meta parameters find what carries the tag, label or profile, not the rest. */
	@Test
	void tagSecurityAndProfileFindWhatCarriesThem() throws Exception {
		Practitioner tagged = practitioner("Tagged" + run);
		tagged.getMeta().addTag("urn:rapport-test", "t-" + run, null);
		tagged.getMeta().addSecurity("http://terminology.hl7.org/CodeSystem/v3-ActReason", "HTEST", null);
		tagged.getMeta().addProfile("https://rapport.health/fhir/StructureDefinition/rapport-practitioner");
		client.create().resource(tagged).execute();
		client.create().resource(practitioner("Tagged" + run)).execute();

		assertThat(search("Practitioner?family=Tagged" + run + "&_tag=urn:rapport-test|t-" + run).getTotal()).isEqualTo(1);
		assertThat(search("Practitioner?family=Tagged" + run + "&_tag=urn:rapport-test|other").getTotal()).isZero();
		assertThat(search("Practitioner?family=Tagged" + run + "&_tag:not=urn:rapport-test|t-" + run).getTotal()).isEqualTo(1);
		assertThat(search("Practitioner?family=Tagged" + run + "&_security=HTEST").getTotal()).isEqualTo(1);
		assertThat(search("Practitioner?family=Tagged" + run
				+ "&_profile=https://rapport.health/fhir/StructureDefinition/rapport-practitioner").getTotal()).isEqualTo(1);
		// :not is defined for tokens only: elsewhere it is a 400 naming the parameter, not a failed query.
		HttpResponse<String> notOnString = send("GET", "/Practitioner?family:not=Tagged" + run, null);
		assertThat(notOnString.statusCode()).as(notOnString.body()).isEqualTo(400);
		assertThat(notOnString.body()).contains("OperationOutcome").contains(":not").doesNotContain("select");
	}

	/** FHIR clients often send {@code system|code} without percent-encoding the bar. */
	@Test
	void unencodedBarInTheQueryIsAccepted() throws Exception {
		try (Socket socket = new Socket("localhost", port)) {
			socket.getOutputStream().write(("GET /fhir/Practitioner?identifier=http://hl7.org/fhir/sid/us-npi|" + run
					+ "&_summary=count HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
			String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
			assertThat(response).startsWith("HTTP/1.1 200").contains("\"total\":0");
		}
	}

	@Test
	void searchesAnswerInXmlAndJsonWithSummaryAndElements() {
		DirectoryFixture f = new DirectoryFixture(run);
		client.transaction().withBundle(f.transaction()).execute();
		client.setEncoding(EncodingEnum.XML);
		Bundle xml = search("Practitioner?family=Fam" + run + "&_elements=name");
		client.setEncoding(EncodingEnum.JSON);
		Bundle json = search("Practitioner?family=Fam" + run + "&_summary=count");

		assertThat(xml.getEntry()).hasSize(2);
		assertThat(((Practitioner) xml.getEntryFirstRep().getResource()).hasName()).isTrue();
		assertThat(((Practitioner) xml.getEntryFirstRep().getResource()).hasCommunication()).isFalse();
		assertThat(json.getTotal()).isEqualTo(2);
		assertThat(json.getEntry()).isEmpty();
	}
}
