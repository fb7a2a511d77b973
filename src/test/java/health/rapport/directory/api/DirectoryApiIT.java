package health.rapport.directory.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import health.rapport.directory.client.ListingsApi;
import health.rapport.directory.client.invoker.ApiClient;
import health.rapport.directory.client.invoker.ApiException;
import health.rapport.directory.client.model.Facet;
import health.rapport.directory.client.model.FacetCount;
import health.rapport.directory.client.model.Listing;
import health.rapport.directory.client.model.ListingPage;
import health.rapport.fhir.FhirIT;
import health.rapport.fhir.matching.ProviderGraph;
import health.rapport.matching.DirectoryFacet;
import health.rapport.matching.DirectoryPage;
import health.rapport.matching.DirectoryQuery;
import health.rapport.matching.DirectorySort;
import health.rapport.matching.ProviderProfile;
import health.rapport.matching.RegistrationBadge;
import health.rapport.search.DirectoryReference;
import java.math.BigDecimal;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.TestPropertySource;

/**
 * The directory API over the demo directory, through the client generated from
 * api-spec/directory-api.yaml: every filter, the facets, paging and the orders answer what the
 * plain-Java reference answers over every role in the store; a listing; bad parameters as 400
 * problem details naming the parameter.
 */
@ActiveProfiles("it")
@TestPropertySource(properties = {"rapport.demo-data.enabled=true", "rapport.demo-data.practitioners=300"})
class DirectoryApiIT extends FhirIT {

	@Autowired
	ProviderGraph graph;

	private ListingsApi api;
	private final List<ProviderProfile> everyone = new ArrayList<>();

	@BeforeEach
	void client() {
		ApiClient client = new ApiClient();
		client.updateBaseUri("http://localhost:" + port + "/api/v1");
		api = new ListingsApi(client);
		graph.allProfiles().forEach(everyone::add);
	}

	@Test
	void everyFilterAnswersAsTheReference() throws ApiException {
		ProviderProfile someone = everyone.stream().filter(p -> p.active() && p.inPerson() && !p.sites().isEmpty() && p.fee() != null)
				.findFirst().orElseThrow();
		String word = DirectoryQuery.words(someone.name()).get(0);
		String family = someone.modalityFamilies().iterator().next();
		String near = someone.sites().get(0).lat() + "," + someone.sites().get(0).lon();

		// Each filter alone (the result must not be empty, so the filter is exercised), then all together.
		assertSame(query(word, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), false, null, null, DirectorySort.RELEVANCE), near);
		assertSame(query(null, someone.professionFamilies(), Set.of(family), Set.of(), Set.of(), Set.of(), false, null, null,
				DirectorySort.WAIT), near);
		assertSame(query(null, Set.of(), Set.of(), someone.populations(), someone.formats(), someone.languages().keySet(), true,
				null, null, DirectorySort.WAIT), near);
		assertSame(query(null, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), false, someone.sites().get(0), 25.0,
				DirectorySort.DISTANCE), near);
		assertSame(new DirectoryQuery(null, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), false,
				new BigDecimal("150"), false, null, null, DirectorySort.WAIT, 0, 20), near);
		assertSame(new DirectoryQuery(null, Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), Set.of(), false, null,
				true, null, null, DirectorySort.WAIT, 0, 20), near);
		DirectoryQuery all = new DirectoryQuery(word, someone.professions(), someone.modalities(), someone.populations(),
				someone.formats(), someone.languages().keySet(), someone.practiseIn(), Set.of(DirectoryFacet.IN_PERSON),
				someone.acceptingNewClients(), someone.fee().amount(), someone.slidingScale(), someone.sites().get(0), 1.0,
				DirectorySort.DISTANCE, 0, 10);
		ListingPage page = assertSame(all, near);
		assertThat(page.getItems()).extracting(Listing::getId).contains(someone.roleId());
		assertThat(page.getItems().get(0).getDistanceKm()).isLessThanOrEqualTo(1.0);
	}

	@Test
	void pagesWalkTheWholeResultInOrder() throws ApiException {
		List<String> walked = new ArrayList<>();
		long total;
		int offset = 0;
		do {
			ListingPage page = api.searchListings(null, null, null, null, null, null, null, null, null, null, null, null, null, null, "wait",
					offset, 37);
			total = page.getTotal();
			page.getItems().forEach(l -> walked.add(l.getId()));
			offset += 37;
		} while (offset < total);

		// Shortest stated wait first, those stating none last, ties by id.
		List<String> expected = everyone.stream().filter(ProviderProfile::active)
				.sorted(java.util.Comparator.comparingInt((ProviderProfile p) -> p.waitDays() == null ? Integer.MAX_VALUE : p.waitDays())
						.thenComparing(ProviderProfile::roleId))
				.map(ProviderProfile::roleId).toList();
		assertThat(total).isEqualTo(expected.size()).isGreaterThan(100);
		assertThat(walked).containsExactlyElementsOf(expected);
	}

	@Test
	void aListingShowsTheProfileAndItsBadge() throws ApiException {
		ProviderProfile someone = everyone.stream().filter(ProviderProfile::active).findFirst().orElseThrow();
		Listing listing = api.getListing(someone.roleId());

		assertThat(listing.getName()).isEqualTo(someone.name());
		assertThat(listing.getPractitionerId()).isEqualTo(someone.practitionerId());
		assertThat(listing.getModalities()).containsExactlyInAnyOrderElementsOf(someone.modalities());
		assertThat(listing.getBadge().getValue()).isEqualTo(RegistrationBadge.of(someone).code());
		assertThat(listing.getRegistrations()).hasSameSizeAs(someone.registrations());
		assertThat(listing.getWaitDays()).isEqualTo(someone.waitDays());
		assertThat(listing.getFee().getAmount()).isEqualByComparingTo(someone.fee().amount());
		assertThat(listing.getFee().getCurrency()).isEqualTo(someone.fee().currency());
		assertThat(listing.getSlidingScale()).isEqualTo(someone.slidingScale());
		assertThatThrownBy(() -> api.getListing("no-such-role")).isInstanceOfSatisfying(ApiException.class,
				e -> assertThat(e.getCode()).isEqualTo(404));
	}

	@Test
	void badParametersAreProblemDetailsNamingTheParameter() throws Exception {
		assertBadParameter("limit=0", "limit");
		assertBadParameter("limit=101", "limit");
		assertBadParameter("limit=many", "limit");
		assertBadParameter("offset=-1", "offset");
		assertBadParameter("offset=9990&limit=20", "offset");
		assertBadParameter("near=somewhere", "near");
		assertBadParameter("near=91,0", "near");
		assertBadParameter("radius=10", "radius");
		assertBadParameter("radius=far&near=1,1", "radius");
		assertBadParameter("sort=distance", "sort");
		assertBadParameter("sort=closest", "sort");
		assertBadParameter("delivery=carrier-pigeon", "delivery");
		assertBadParameter("accepting=perhaps", "accepting");
		assertBadParameter("maxFee=-1", "maxFee");
		assertBadParameter("maxFee=cheap", "maxFee");
		assertBadParameter("slidingScale=sometimes", "slidingScale");
		assertThatThrownBy(() -> api.searchListings(null, null, null, null, null, null, null, null, null, null, null, null, "34,-118",
				BigDecimal.valueOf(-5), null, null, null)).as("through the generated client too")
				.isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.getCode()).isEqualTo(400));
	}

	private void assertBadParameter(String query, String parameter) throws Exception {
		HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/listings?"
				+ query)).build(), HttpResponse.BodyHandlers.ofString());
		assertThat(response.statusCode()).as(query).isEqualTo(400);
		assertThat(response.headers().firstValue("Content-Type")).as(query).hasValueSatisfying(
				t -> assertThat(t).startsWith("application/problem+json"));
		JsonNode problem = new ObjectMapper().readTree(response.body());
		assertThat(problem.path("status").asInt()).isEqualTo(400);
		assertThat(problem.path("parameter").asText()).as(query).isEqualTo(parameter);
		assertThat(problem.path("detail").asText()).as(query).startsWith(parameter + ":");
	}

	private static DirectoryQuery query(String text, Set<String> professions, Set<String> modalities, Set<String> populations,
			Set<String> formats, Set<String> languages, boolean accepting, health.rapport.matching.GeoPoint near, Double radius,
			DirectorySort sort) {
		return new DirectoryQuery(text, professions, modalities, populations, formats, languages, Set.of(), Set.of(), accepting,
				null, false, near, radius, sort, 0, 20);
	}

	/** Asks the API what {@code q} asks (measuring from {@code near} when q has no place) and compares with the reference. */
	private ListingPage assertSame(DirectoryQuery q, String near) throws ApiException {
		String from = q.near() == null ? near : q.near().lat() + "," + q.near().lon();
		DirectoryQuery measured = new DirectoryQuery(q.text(), q.professions(), q.modalities(), q.populations(), q.formats(),
				q.languages(), q.jurisdictions(), q.delivery(), q.acceptingOnly(), q.maxFee(), q.slidingScaleOnly(),
				DirectoryParameters.near(from), q.radiusKm(),
				q.sort(), q.offset(), q.limit());
		ListingPage page = api.searchListings(q.text(), List.copyOf(q.professions()), List.copyOf(q.modalities()),
				List.copyOf(q.populations()), List.copyOf(q.formats()), List.copyOf(q.languages()), List.copyOf(q.jurisdictions()),
				List.copyOf(q.delivery()), null, q.acceptingOnly(), q.maxFee(), q.slidingScaleOnly(), from, q.radiusKm() == null ? null : BigDecimal.valueOf(q.radiusKm()),
				q.sort().name().toLowerCase(), q.offset(), q.limit());
		DirectoryPage expected = DirectoryReference.search(everyone, measured);

		assertThat(expected.total()).as("the reference finds someone for %s", q).isPositive();
		assertThat(page.getTotal()).as("total for %s", q).isEqualTo(expected.total());
		assertThat(page.getItems()).extracting(Listing::getId).as("page for %s", q)
				.containsExactlyElementsOf(expected.hits().stream().map(h -> h.provider().roleId()).toList());
		for (int i = 0; i < expected.hits().size(); i++) {
			assertThat(page.getItems().get(i).getDistanceKm()).isEqualTo(expected.hits().get(i).kilometres());
		}
		Map<String, Map<String, Long>> facets = new LinkedHashMap<>();
		for (Facet f : page.getFacets()) {
			Map<String, Long> counts = new TreeMap<>();
			for (FacetCount c : f.getCounts()) {
				counts.put(c.getValue(), c.getCount());
			}
			facets.put(f.getName().getValue(), counts);
		}
		Map<String, Map<String, Long>> want = new LinkedHashMap<>();
		expected.facets().forEach((facet, counts) -> want.put(facet.key(), counts));
		assertThat(facets).as("facets for %s", q).isEqualTo(want);
		return page;
	}
}
