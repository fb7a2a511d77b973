package health.rapport.directory.api;

import health.rapport.directory.api.generated.model.FacetCountDto;
import health.rapport.directory.api.generated.model.FacetDto;
import health.rapport.directory.api.generated.model.FeeDto;
import health.rapport.directory.api.generated.model.LanguageDto;
import health.rapport.directory.api.generated.model.ListingDto;
import health.rapport.directory.api.generated.model.ListingPageDto;
import health.rapport.directory.api.generated.model.RegistrationDto;
import health.rapport.matching.DirectoryFacet;
import health.rapport.matching.DirectoryPage;
import health.rapport.matching.DirectoryQuery;
import health.rapport.matching.MatchScorer;
import health.rapport.matching.ProviderProfile;
import health.rapport.matching.RegistrationBadge;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** From the matching read model to the API's DTOs; the only place that knows both. */
final class ListingMapper {

	private ListingMapper() {}

	static ListingPageDto page(DirectoryPage page, DirectoryQuery q) {
		return new ListingPageDto(page.total(), q.offset(), q.limit(), page.hits().stream().map(ListingMapper::listing).toList(),
				page.facets().entrySet().stream().map(f -> facet(f.getKey(), f.getValue())).toList());
	}

	static ListingDto listing(DirectoryPage.Hit hit) {
		ProviderProfile p = hit.provider();
		ListingDto dto = new ListingDto(p.roleId(), p.practitionerId(), p.name(), sorted(p.professions()), sorted(p.modalities()),
				sorted(p.populations()), sorted(p.formats()), languages(p), sorted(DirectoryFacet.DELIVERY.valuesOf(p)),
				p.acceptingNewClients(), p.slidingScale(), sorted(DirectoryFacet.JURISDICTION.valuesOf(p)),
				p.registrations().stream().map(r -> new RegistrationDto(r.jurisdiction(), r.status())).toList(),
				ListingDto.BadgeEnum.fromValue(RegistrationBadge.of(p).code()));
		dto.setWaitDays(p.waitDays());
		if (p.fee() != null) {
			dto.setFee(new FeeDto(p.fee().amount(), p.fee().currency()));
		}
		dto.setDistanceKm(hit.kilometres());
		return dto;
	}

	/** Best spoken first, then by code. */
	private static List<LanguageDto> languages(ProviderProfile p) {
		return p.languages().entrySet().stream()
				.sorted(Map.Entry.<String, Double>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
				.map(l -> new LanguageDto(l.getKey(), LanguageDto.ProficiencyEnum.fromValue(proficiency(l.getValue())))).toList();
	}

	static String proficiency(double value) {
		return value >= MatchScorer.EXCELLENT ? "excellent" : value >= MatchScorer.GOOD ? "good" : "some";
	}

	/** Most first, then by value. */
	private static FacetDto facet(DirectoryFacet facet, Map<String, Long> counts) {
		return new FacetDto(FacetDto.NameEnum.fromValue(facet.key()), counts.entrySet().stream()
				.sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
				.map(c -> new FacetCountDto(c.getKey(), c.getValue())).toList());
	}

	private static List<String> sorted(java.util.Collection<String> values) {
		return List.copyOf(new TreeSet<>(values));
	}
}
