package health.rapport.site;

import health.rapport.directory.api.DirectoryParameters;
import health.rapport.fhir.matching.Gazetteer;
import health.rapport.matching.DirectoryFacet;
import health.rapport.matching.DirectoryPage;
import health.rapport.matching.DirectoryQuery;
import health.rapport.matching.DirectoryQuery.InvalidDirectoryQuery;
import health.rapport.matching.GeoPoint;
import health.rapport.matching.MatchResult;
import health.rapport.matching.ProviderIndex;
import health.rapport.matching.ProviderProfile;
import jakarta.servlet.http.HttpServletResponse;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;

/** The public pages: search, a listing, and the questionnaire. */
@Controller
class SiteController {

	/** Facets offered as filters on the search page, in this order. */
	static final List<DirectoryFacet> FILTERS = List.of(DirectoryFacet.LANGUAGE, DirectoryFacet.MODALITY,
			DirectoryFacet.PROFESSION, DirectoryFacet.POPULATION, DirectoryFacet.FORMAT, DirectoryFacet.DELIVERY);
	private static final double DEFAULT_RADIUS_KM = 50;
	/** How long the list of every facet value (the filters offered) is reused: it changes only as the directory does. */
	private static final long OPTIONS_TTL_NANOS = 30_000_000_000L;

	private final ProviderIndex index;
	private final Gazetteer gazetteer;
	private final double matchRadiusKm;
	private volatile Options options;

	/** Every value of every facet, the most common first, as of {@code at}. */
	private record Options(Map<String, List<String>> values, long at) {}

	SiteController(ProviderIndex index, Gazetteer gazetteer, @Value("${rapport.matching.default-radius-km:40}") double matchRadiusKm) {
		this.index = index;
		this.gazetteer = gazetteer;
		this.matchRadiusKm = matchRadiusKm;
	}

	@GetMapping("/")
	String search(@ModelAttribute("form") SearchForm form, Model model, HttpServletResponse response) {
		// Every value of every facet, to offer as a filter even when the current results have none of it.
		model.addAttribute("options", options());
		model.addAttribute("filters", FILTERS.stream().map(DirectoryFacet::key).toList());
		model.addAttribute("feeBands", DirectoryFacet.FEE_BANDS);
		try {
			GeoPoint near = place(form.jurisdiction(), form.town());
			Double radius = near == null ? null : form.radius() == null ? DEFAULT_RADIUS_KM : form.radius() <= 0 ? null : form.radius();
			DirectoryQuery query = DirectoryParameters.toQuery(new DirectoryParameters.Raw(form.q(), form.profession(),
					form.modality(), form.population(), form.format(), form.language(),
					form.jurisdiction() == null ? null : List.of(form.jurisdiction()), form.delivery(), null, form.accepting(),
					form.maxFee(), form.slidingScale(),
					near == null ? null : near.lat() + "," + near.lon(), radius, form.sort(), form.offset(), SearchForm.PAGE_SIZE));
			DirectoryPage page = index.search(query);
			model.addAttribute("page", page);
			model.addAttribute("counts", counts(page));
			model.addAttribute("prevUrl", query.offset() == 0 ? null : offsetUrl(Math.max(0, query.offset() - query.limit())));
			model.addAttribute("nextUrl", query.offset() + query.limit() >= page.total() ? null : offsetUrl(query.offset() + query.limit()));
			model.addAttribute("first", page.total() == 0 ? 0 : query.offset() + 1);
			model.addAttribute("last", query.offset() + page.hits().size());
		} catch (InvalidDirectoryQuery e) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("error", e.parameter());
		}
		return "search";
	}

	@GetMapping("/listings/{id}")
	String listing(@PathVariable String id, Model model, HttpServletResponse response) {
		ProviderProfile p = index.find(id).filter(ProviderProfile::active).orElse(null);
		if (p == null) {
			response.setStatus(HttpServletResponse.SC_NOT_FOUND);
			return "not-found";
		}
		model.addAttribute("p", p);
		return "listing";
	}

	@GetMapping("/help")
	String help(Model model) {
		return helpPage(model, new Questionnaire(null, null, null, "either", null, null));
	}

	/** A POST, so that the answers appear in no URL, history or referrer. */
	@PostMapping("/help")
	String helpResults(@ModelAttribute Questionnaire answers, Model model, HttpServletResponse response) {
		if (!answers.answered()) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("error", "incomplete");
			return helpPage(model, answers);
		}
		GeoPoint place = answers.town() == null || answers.town().isBlank() ? null
				: gazetteer.locate(answers.jurisdiction(), answers.town()).orElse(null);
		if (answers.town() != null && !answers.town().isBlank() && place == null) {
			response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
			model.addAttribute("error", "town");
			return helpPage(model, answers);
		}
		List<MatchResult> results = index.match(answers.toRequest(place, matchRadiusKm), 10);
		model.addAttribute("results", results);
		model.addAttribute("place", place);
		return helpPage(model, answers);
	}

	private String helpPage(Model model, Questionnaire answers) {
		model.addAttribute("answers", answers);
		model.addAttribute("ages", Questionnaire.AGES);
		model.addAttribute("concerns", Questionnaire.CONCERN_ORDER);
		model.addAttribute("deliveries", Questionnaire.DELIVERIES);
		Map<String, List<String>> options = options();
		model.addAttribute("languages", options.get("language"));
		model.addAttribute("jurisdictions", options.get("jurisdiction"));
		return "help";
	}

	/** The town in the jurisdiction, or null when no town is given; an unknown town is a bad parameter. */
	private GeoPoint place(String jurisdiction, String town) {
		if (town == null || town.isBlank()) {
			return null;
		}
		if (jurisdiction == null || jurisdiction.isBlank()) {
			throw new InvalidDirectoryQuery("jurisdiction", "a town needs its state or region");
		}
		return gazetteer.locate(jurisdiction, town).orElseThrow(() -> new InvalidDirectoryQuery("town", "not a town we know"));
	}

	private Map<String, List<String>> options() {
		Options current = options;
		if (current == null || System.nanoTime() - current.at() > OPTIONS_TTL_NANOS) {
			current = new Options(options(index.search(DirectoryQuery.all(1))), System.nanoTime());
			options = current;
		}
		return current.values();
	}

	/** For each facet, its values, the most common first. */
	private static Map<String, List<String>> options(DirectoryPage page) {
		Map<String, List<String>> options = new LinkedHashMap<>();
		page.facets().forEach((facet, counts) -> options.put(facet.key(), counts.entrySet().stream()
				.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
				.map(Map.Entry::getKey).toList()));
		return options;
	}

	private static Map<String, Map<String, Long>> counts(DirectoryPage page) {
		Map<String, Map<String, Long>> counts = new LinkedHashMap<>();
		page.facets().forEach((facet, values) -> counts.put(facet.key(), values));
		return counts;
	}

	private static String offsetUrl(int offset) {
		return ServletUriComponentsBuilder.fromCurrentRequest().replaceQueryParam("offset", offset).build().toUriString();
	}
}
